'use strict'

// Compiles the TypeBox schemas of lib/declare/schemas/ into one TypeScript module,
// lib/declare/generated/schemas.ts, so that the plugin validates its options and
// route config without loading TypeBox (about 250 modules, as long to load as
// Fastify itself). For each export `<name>Schema` of each lib/declare/schemas/*.ts:
//   <name>Schema       the schema as an object literal, TypeBox's symbol keys
//                      included: what TypeBox builds, without TypeBox
//   check<Name>        TypeCompiler.Code(schema): the function Value.Check
//                      would run, as source
//   <name>Defaults     (object schemas) the `default` of each property
// A new key or a new `*Schema` export needs no step here. Run by `npm run
// build`, `npm run typecheck` and before tests (.taprc `before`); the output
// is git-ignored, since a committed copy could disagree with its schema.
//
// Usage: node scripts/generate-schemas.js [--schemas=<dir>] [--out=<file>]

// tap reports the coverage of its `before` script (.taprc) with lib/'s; this
// is a build tool, checked through its output by test/unit/schemas.test.ts.
/* c8 ignore start */

const fs = require('node:fs')
const path = require('node:path')

const root = path.join(__dirname, '..')
const option = (name, fallback) => {
  const arg = process.argv.find(arg => arg.startsWith(`--${name}=`))
  return path.resolve(arg === undefined ? fallback : arg.slice(name.length + 3))
}
const schemasDir = option('schemas', path.join(root, 'lib', 'declare', 'schemas'))
const outFile = option('out', path.join(root, 'lib', 'declare', 'generated', 'schemas.ts'))

// The schema modules are TypeScript: a transpile-only hook with the
// project's own compiler reads them (tsc type-checks them with the rest of
// lib/). Always ours: a process that tap spawns inherits a `.ts` hook of
// @tapjs/processinfo that does not transpile (test/package/example.test.ts runs
// `npm run build` in a copied tree that way).
// require.extensions is deprecated for lack of a replacement in CommonJS, and
// is what ts-node and tap's loader register .ts through too.
const extensions = require.extensions // eslint-disable-line n/no-deprecated-api
{
  const ts = require('typescript')
  extensions['.ts'] = (module, filename) => {
    const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true }
    })
    module._compile(outputText, filename)
  }
}

const { Kind } = require('@sinclair/typebox')
const { TypeCompiler } = require('@sinclair/typebox/compiler')

/** A JavaScript expression that builds `value` again, TypeBox's symbol keys included. */
function literal (value, at) {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number' && Number.isFinite(value)) return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map((item, i) => literal(item, `${at}[${i}]`)).join(', ')}]`
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.getOwnPropertyNames(value).map(key => `${JSON.stringify(key)}: ${literal(value[key], `${at}.${key}`)}`)
    for (const symbol of Object.getOwnPropertySymbols(value)) {
      // TypeBox's keys are global symbols (Symbol.for('TypeBox.Kind')...), so
      // Symbol.for() in the generated module returns the very same symbols.
      const key = Symbol.keyFor(symbol)
      if (key === undefined) throw new Error(`${at}: a local symbol key ${String(symbol)} cannot be written out`)
      entries.push(`[Symbol.for(${JSON.stringify(key)})]: ${literal(value[symbol], `${at}[${String(symbol)}]`)}`)
    }
    return `{ ${entries.join(', ')} }`
  }
  throw new Error(`${at}: ${typeof value} values cannot be written out`)
}

/**
 * The defaults of an object schema, as Value.Default fills them into a
 * value that lacks them: each property's own `default`. resolveOptions
 * copies them shallowly, so a default anywhere else, or one that is not a
 * primitive, is refused here rather than silently ignored or shared.
 */
function defaultsOf (schema, at) {
  const defaults = {}
  const refuse = where => { throw new Error(`${at}: a default at ${where} needs more than the shallow copy resolveOptions makes`) }
  const visit = (node, where) => {
    if (Array.isArray(node)) return node.forEach((item, i) => visit(item, `${where}[${i}]`))
    if (node === null || typeof node !== 'object') return
    for (const [key, value] of Object.entries(node)) {
      // Under `properties` the keys are property names, not keywords.
      if (key === 'properties') {
        for (const [name, property] of Object.entries(value)) visit(property, `${where}.properties.${name}`)
      } else if (key === 'default') {
        const match = /^\.properties\.([^.]+)$/.exec(where)
        if (match === null || (value !== null && typeof value === 'object')) refuse(where || '(root)')
        defaults[match[1]] = value
      } else {
        visit(value, `${where}.${key}`)
      }
    }
  }
  visit(schema, '')
  return defaults
}

/** TypeCompiler.Code's standalone check, wrapped as one function expression. */
function checkOf (schema, at) {
  const code = TypeCompiler.Code(schema, [], { language: 'javascript' })
  // The compiled code calls kind() for TypeRegistry types and format() for
  // FormatRegistry formats, which TypeCompiler.Compile binds at run time;
  // neither registry exists without TypeBox loaded.
  // uniqueItems calls hash(), TypeBox's Value.Hash: check uniqueness in code instead.
  if (/\b(?:kind|format|hash)\(/.test(code)) throw new Error(`${at}: custom kinds, string formats and uniqueItems need TypeBox at run time`)
  return `(function () {\n${code}\n})()`
}

const relativeImport = file => {
  const specifier = path.relative(path.dirname(outFile), file).split(path.sep).join('/').replace(/\.ts$/, '')
  return specifier.startsWith('.') ? specifier : `./${specifier}`
}
const capitalize = name => name[0].toUpperCase() + name.slice(1)

function generate () {
  const parts = []
  const seen = new Set()
  for (const file of fs.readdirSync(schemasDir).filter(name => name.endsWith('.ts') && !name.endsWith('.d.ts')).sort()) {
    const modulePath = path.join(schemasDir, file)
    const exports = require(modulePath)
    for (const [name, schema] of Object.entries(exports)) {
      if (!name.endsWith('Schema')) continue
      const at = `${path.relative(root, modulePath)}: ${name}`
      if (schema === null || typeof schema !== 'object' || schema[Kind] === undefined) throw new Error(`${at} is not a TypeBox schema`)
      if (seen.has(name)) throw new Error(`${at}: another schema module exports ${name} too`)
      seen.add(name)
      const base = name.slice(0, -'Schema'.length)
      const check = checkOf(schema, at)
      const type = `typeof import(${JSON.stringify(relativeImport(modulePath))}).${name}`
      parts.push(`// ${path.relative(root, modulePath)}\n`)
      parts.push(`export const ${name} = ${literal(schema, name)} as unknown as ${type}\n`)
      parts.push(`export const check${capitalize(base)}: (value: unknown) => boolean = ${check}\n`)
      if (schema[Kind] === 'Object') parts.push(`export const ${base}Defaults = ${JSON.stringify(defaultsOf(schema, at))}\n`)
    }
  }
  return [
    '// @ts-nocheck: TypeBox emits its JavaScript (untyped parameters); its',
    '// TypeScript target writes `for (const value: any of ...)`, which tsc refuses.',
    '// Generated by scripts/generate-schemas.js from lib/declare/schemas/: do not edit.',
    // Which branches tests reach here depends on TypeBox's compiler, not on
    // our code; test/unit/schemas.test.ts pins each check to Value.Check instead.
    '// Not measured for coverage: this is TypeBox\'s compiler output, pinned to Value.Check by test/unit/schemas.test.ts.',
    // Split so that the coverage tool does not read them as this file's own hints.
    `/* c8 ${'ignore'} start */`,
    '',
    ...parts,
    `/* c8 ${'ignore'} stop */`,
    ''
  ].join('\n')
}

const source = generate()
// Rewritten only when it changes, and by a rename, so that a tap run or a
// tsc reading it at the same moment never sees half a file.
const current = fs.existsSync(outFile) ? fs.readFileSync(outFile, 'utf8') : undefined
if (current !== source) {
  fs.mkdirSync(path.dirname(outFile), { recursive: true })
  const temporary = `${outFile}.${process.pid}.tmp`
  fs.writeFileSync(temporary, source)
  fs.renameSync(temporary, outFile)
}
/* c8 ignore stop */
