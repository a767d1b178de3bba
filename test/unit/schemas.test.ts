import t, { type Test } from 'tap'
import fc from 'fast-check'
import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { Kind, type TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { root, run } from '../helpers/clone'

// lib/declare/generated/schemas.ts is what scripts/generate-schemas.js compiles from
// lib/declare/schemas/ (tap runs it first, as .taprc `before`). The plugin checks
// values with the compiled code and explains a failure with TypeBox's
// Value.Errors: each compiled check must agree with Value.Check, or a value
// would pass unexplained, or fail with no error to report.

type Module = Record<string, unknown>
const generated = require('../../lib/declare/generated/schemas') as Module
const schemasDir = join(root, 'lib', 'declare', 'schemas')
const generator = join(root, 'scripts', 'generate-schemas.js')

/** Every `*Schema` export of the TypeScript modules in `dir`, by name. */
function schemasIn (dir: string): Map<string, TSchema> {
  const found = new Map<string, TSchema>()
  for (const file of readdirSync(dir).filter(name => name.endsWith('.ts'))) {
    for (const [name, value] of Object.entries(require(join(dir, file)) as Module)) {
      if (name.endsWith('Schema')) found.set(name, value as TSchema)
    }
  }
  return found
}

const checkName = (name: string): string => `check${name[0].toUpperCase()}${name.slice(1, -'Schema'.length)}`

/**
 * Values on both sides of each keyword the compiled check tests, derived from
 * the schema, so that a key added to a schema is tried without a new case
 * here: each property absent, valid and invalid; arrays empty, with each
 * sample and with a duplicate; each branch of a union.
 */
function samples (schema: TSchema, depth = 0): unknown[] {
  const never = Symbol('valid nowhere')
  const created = (() => { try { return [Value.Create(schema)] } catch { return [] } })()
  const base: unknown[] = [...created, never, undefined, null, 'GET', 0]
  if (depth > 3) return base
  if (schema.anyOf !== undefined) return [...base, ...(schema.anyOf as TSchema[]).flatMap(member => samples(member, depth + 1))]
  if (schema.const !== undefined) return [...base, schema.const, `${String(schema.const)}!`]
  if (schema[Kind] === 'String') return [...base, '', 'get', 'GET POST', 'Ā', 'x'.repeat(64)]
  if (schema[Kind] === 'Array') {
    const items = samples(schema.items as TSchema, depth + 1)
    return [...base, [], ...items.map(item => [item]), ...items.map(item => [item, item]), ['GET', 'PUT', 'get']]
  }
  if (schema[Kind] === 'Object') {
    const object = (created[0] ?? {}) as Record<string, unknown>
    const values: unknown[] = [...base, {}, [], { ...object, unknown: true }]
    for (const [key, property] of Object.entries(schema.properties as Record<string, TSchema>)) {
      const { [key]: _, ...without } = object
      values.push(without)
      for (const value of samples(property, depth + 1)) values.push({ ...object, [key]: value })
    }
    return values
  }
  return base
}

/** `check` and Value.Check(schema) agree on the samples, which include values of both outcomes. */
function agrees (t: Test, name: string, schema: TSchema, check: (value: unknown) => boolean): void {
  const outcomes = new Set<boolean>()
  const disagreements: string[] = []
  for (const value of samples(schema)) {
    const expected = Value.Check(schema, value)
    outcomes.add(expected)
    if (check(value) !== expected) disagreements.push(`${String(JSON.stringify(value))}: Value.Check says ${String(expected)}`)
  }
  t.same(disagreements, [], `${name} agrees with Value.Check`)
  t.same([...outcomes].sort(), [false, true], `${name}: the samples are accepted and refused`)
}

t.test('the generated module holds each schema of lib/declare/schemas/ as TypeBox builds it', async t => {
  for (const [name, schema] of schemasIn(schemasDir)) {
    // Symbol keys (TypeBox's Kind, Optional...) included: a consumer can hand
    // the exported schema to Value.Check or TypeCompiler.
    t.ok(isDeepStrictEqual(generated[name], schema), `${name} is up to date (npm run generate)`)
    t.equal(Value.Check(generated[name] as TSchema, Value.Create(schema)), true, `${name} works as a TypeBox schema`)
  }
  t.same([...schemasIn(schemasDir).keys()].sort(), ['optionsSchema', 'routeConfigSchema'])
})

t.test('each compiled check agrees with Value.Check', async t => {
  for (const [name, schema] of schemasIn(schemasDir)) {
    const check = generated[checkName(name)] as (value: unknown) => boolean
    agrees(t, name, schema, check)
    t.doesNotThrow(() => fc.assert(fc.property(fc.anything(), value => check(value) === Value.Check(schema, value)), { seed: 405, numRuns: 500 }), name)
  }
})

t.test('the defaults are those Value.Default fills in', async t => {
  const { optionsSchema } = require('../../lib/declare/schemas/options') as typeof import('../../lib/declare/schemas/options')
  t.same(generated.optionsDefaults, Value.Default(optionsSchema, {}))
  t.same(generated.optionsDefaults, { autoOptions: true, notImplemented: true, allowOnSuccess: false, notImplementedLogLevel: 'info', deprecatedCallLogLevel: 'warn', catchAllIsResource: false, hints: false })
})

// The keys other changes are about to add: a string enum option with a
// default and an object in the route config. Compiled from a copy of the
// schemas, with nothing written by hand.
const extendedOptions = `import { Type } from '@sinclair/typebox'
export const optionsSchema = Type.Object({
  autoOptions: Type.Optional(Type.Boolean({ default: true })),
  notImplementedLogLevel: Type.Optional(Type.Union([Type.Literal('info'), Type.Literal('warn'), Type.Literal('silent')], { default: 'info' }))
}, { additionalProperties: false, $id: 'Options' })
`
const extendedRouteConfig = `import { Type } from '@sinclair/typebox'
export const routeConfigSchema = Type.Union([
  Type.Boolean(),
  Type.Object({
    allow: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Z]+$' }), { minItems: 1 })),
    deprecated: Type.Optional(Type.Object({ sunset: Type.Optional(Type.String()), link: Type.Optional(Type.String()) }, { additionalProperties: false }))
  }, { additionalProperties: false })
], { $id: 'RouteConfig' })
`

t.test('new keys in the schemas need no manual step', async t => {
  const dir = t.testdir({ schemas: { 'options.ts': extendedOptions, 'route-config.ts': extendedRouteConfig } })
  const out = join(dir, 'generated', 'schemas.ts')
  const result = await run(process.execPath, [generator, `--schemas=${join(dir, 'schemas')}`, `--out=${out}`], root)
  t.equal(result.code, 0, 'the generator runs', { stderr: result.stderr })

  const extended = require(out) as Module
  const schemas = schemasIn(join(dir, 'schemas'))
  t.same(extended.optionsDefaults, { autoOptions: true, notImplementedLogLevel: 'info' })
  for (const [name, schema] of schemas) {
    t.ok(isDeepStrictEqual(extended[name], schema), name)
    agrees(t, name, schema, extended[checkName(name)] as (value: unknown) => boolean)
  }
  const checkOptions = extended.checkOptions as (value: unknown) => boolean
  const checkRouteConfig = extended.checkRouteConfig as (value: unknown) => boolean
  t.equal(checkOptions({ notImplementedLogLevel: 'warn' }), true)
  t.equal(checkOptions({ notImplementedLogLevel: 'loud' }), false)
  t.equal(checkRouteConfig({ deprecated: { sunset: 'Sat, 01 Nov 2025 00:00:00 GMT' } }), true)
  t.equal(checkRouteConfig({ deprecated: { sunset: 1 } }), false)
  t.equal(checkRouteConfig({ allow: [] }), false)
})

t.test('the generator refuses what its output could not do without TypeBox', async t => {
  const cases: Record<string, [string, RegExp]> = {
    nested: [
      'Type.Object({ a: Type.Optional(Type.Object({ b: Type.Optional(Type.Boolean({ default: true })) })) })',
      /a default at \.properties\.a\.properties\.b needs more than the shallow copy/
    ],
    object: ['Type.Object({ a: Type.Optional(Type.Object({}, { default: {} })) })', /a default at \.properties\.a needs more/],
    format: ["Type.Object({ a: Type.String({ format: 'email' }) })", /custom kinds, string formats and uniqueItems need TypeBox at run time/],
    uniqueItems: ['Type.Object({ a: Type.Array(Type.String(), { uniqueItems: true }) })', /custom kinds, string formats and uniqueItems need TypeBox at run time/]
  }
  for (const [name, [schema, message]] of Object.entries(cases)) {
    const dir = t.testdir({ schemas: {} })
    writeFileSync(join(dir, 'schemas', 'x.ts'), `import { Type } from '@sinclair/typebox'\nexport const xSchema = ${schema}\n`)
    const result = await run(process.execPath, [generator, `--schemas=${join(dir, 'schemas')}`, `--out=${join(dir, 'out.ts')}`], root)
    t.not(result.code, 0, name)
    t.match(result.stderr, message, name)
  }
})
