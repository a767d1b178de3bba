import t from 'tap'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, posix, relative, sep } from 'node:path'
import { copyWorkingTree, root, run } from '../helpers/clone'

// What users install is the tarball, not this tree: pack it the way `npm
// publish` would, install it into a throwaway consumer project next to its peer
// fastify, and load it as CommonJS, ESM and TypeScript (NodeNext and bundler)
// consumers would.
const bin = (name: string): string => join(root, 'node_modules', '.bin', name)

// Every runtime export, each of which types/index.d.ts must declare (the
// TypeScript consumers below import them all).
const runtimeExports = ['corsFromRoutes', 'default', 'deprecationsPerMethod', 'errors', 'fastifyMethodNotAllowed', 'formatAllow', 'isMethodNotAllowedError', 'isNotImplementedError', 'optionsSchema', 'problemDetails', 'routeConfigSchema']
const errorCodes = [
  'FST_ERR_METHOD_NOT_ALLOWED',
  'FST_ERR_METHOD_NOT_ALLOWED_CORS_HOOK',
  'FST_ERR_METHOD_NOT_ALLOWED_FASTIFY_VERSION',
  'FST_ERR_METHOD_NOT_ALLOWED_INVALID_OPTION',
  'FST_ERR_METHOD_NOT_ALLOWED_INVALID_ROUTE_CONFIG',
  'FST_ERR_METHOD_NOT_ALLOWED_NOT_REGISTERED',
  'FST_ERR_METHOD_NOT_ALLOWED_NOT_ROOT',
  'FST_ERR_METHOD_NOT_ALLOWED_REGISTERED_LATE',
  'FST_ERR_METHOD_NOT_ALLOWED_UNREADABLE_ROUTES',
  'FST_ERR_METHOD_NOT_IMPLEMENTED'
]

/** Runs a command that must succeed; its stdout. */
async function succeed (command: string, args: string[], cwd: string): Promise<string> {
  const result = await run(command, args, cwd)
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`)
  return result.stdout
}

interface Packed { filename: string, files: Array<{ path: string }> }

let clone: string
let consumer: string
let packed: Packed
let tarball: string

t.before(async () => {
  const work = mkdtempSync(join(tmpdir(), 'fmna-package-'))
  t.teardown(() => rmSync(work, { recursive: true, force: true }))

  // A copy of the tree without dist/, as a fresh clone has it: the tarball
  // gets dist/ only if `prepack` builds it. Building here also keeps this test
  // from racing anything that reads the shared dist/.
  clone = copyWorkingTree(join(work, 'clone'))
  ;[packed] = JSON.parse(await succeed('npm', ['pack', '--json', '--pack-destination', work], clone)) as Packed[]
  tarball = join(work, packed.filename)

  // The consumer installs the tarball as a user would; npm adds the peer
  // fastify. --prefer-offline: CI's `npm ci` has just filled the cache.
  consumer = join(work, 'consumer')
  mkdirSync(join(consumer, 'src'), { recursive: true })
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }))
  const typesNode = (JSON.parse(readFileSync(join(root, 'node_modules/@types/node/package.json'), 'utf8')) as { version: string }).version
  await succeed('npm', [
    'install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock',
    tarball, `@types/node@${typesNode}`
  ], consumer)
})

t.test('npm pack builds dist/ through prepack and ships dist/, docs/, example/ and the package metadata only', async t => {
  const files = packed.files.map(file => file.path).sort()
  // Every module of lib/, its folders included: dist/ mirrors lib/.
  const built = readdirSync(join(root, 'lib'), { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile() && entry.name.endsWith('.ts'))
    .map(entry => `dist/${relative(join(root, 'lib'), join(entry.parentPath, entry.name)).split(sep).join('/').slice(0, -3)}.js`)
  // npm adds README and LICENSE by itself; CHANGELOG.md only because "files" names it.
  const metadata = ['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json']
  for (const file of [...built, 'dist/index.d.ts', 'dist/check.d.ts', ...metadata]) t.ok(files.includes(file), file)
  // docs/ and example/ whole: the README links into both.
  const shipped = (folder: string): string[] => readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile()).map(entry => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
  t.same(files.filter(file => file.startsWith('docs/')), shipped('docs').sort())
  t.same(files.filter(file => file.startsWith('example/')), shipped('example').sort())
  // check/package.json: node10 resolution reads no exports map, so the subpath is a folder too.
  t.same(files.filter(file => !/^(dist|docs|example)\//.test(file) && !metadata.includes(file)), ['check/package.json'])
  t.same(files.filter(file => file.startsWith('dist/') && !file.endsWith('.js')), ['dist/check.d.ts', 'dist/index.d.ts'])

  const installed = join(consumer, 'node_modules', 'fastify-method-not-allowed')
  t.equal(readFileSync(join(installed, 'dist/index.d.ts'), 'utf8'), readFileSync(join(root, 'types/index.d.ts'), 'utf8'))
  t.equal(readFileSync(join(installed, 'dist/check.d.ts'), 'utf8'), readFileSync(join(root, 'types/check.d.ts'), 'utf8'))
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<string, unknown>
  t.equal(manifest.main, 'dist/index.js')
  t.equal(manifest.types, 'dist/index.d.ts')
  t.same(manifest.exports, {
    '.': { types: './dist/index.d.ts', default: './dist/index.js' },
    './check': { types: './dist/check.d.ts', default: './dist/check.js' },
    './package.json': './package.json'
  })
  t.same(manifest.bin, { 'fastify-method-not-allowed': 'dist/cli.js' })
  t.same(manifest.peerDependencies, { fastify: '^5.12.4' })
})

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug (heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-')
}

t.test('every relative link of the shipped README and docs names a file of the package, and an anchor of that file', async t => {
  const installed = join(consumer, 'node_modules', 'fastify-method-not-allowed')
  const files = new Set(packed.files.map(file => file.path))
  const documents = [...files].filter(file => file.endsWith('.md'))
  const anchors = (file: string): Set<string> => new Set(readFileSync(join(installed, file), 'utf8').split('\n')
    .filter(line => line.startsWith('#')).map(line => slug(line.replace(/^#+/, ''))))
  let links = 0
  for (const document of documents) {
    const text = readFileSync(join(installed, document), 'utf8').replace(/```[\s\S]*?```/g, '')
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue
      links++
      const [path, anchor] = target.split('#')
      const file = path === '' ? document : posix.normalize(posix.join(posix.dirname(document), path))
      const exists = file.endsWith('/') ? [...files].some(name => name.startsWith(file)) : files.has(file)
      t.ok(exists, `${document}: ${target}`)
      if (anchor !== undefined) t.ok(exists && anchors(file).has(anchor), `${document}: ${target} (anchor)`)
    }
  }
  t.ok(links >= 10, `${links} relative links checked`)
})

t.test('attw finds no problem in the tarball for node10, node16 (CJS and ESM) and bundler resolution', async t => {
  // The tarball npm pack made above: what `attw --pack` would pack again.
  const result = await run(bin('attw'), [tarball, '--format', 'json'], clone)
  t.equal(result.code, 0, result.stderr)
  const report = JSON.parse(result.stdout) as {
    analysis: { problems: unknown[], entrypoints: Record<string, { resolutions: Record<string, { resolution?: { fileName: string } }> }> }
  }
  t.same(report.analysis.problems, [])
  const resolutions = report.analysis.entrypoints['.'].resolutions
  t.same(Object.keys(resolutions).sort(), ['bundler', 'node10', 'node16-cjs', 'node16-esm'])
  for (const [kind, { resolution }] of Object.entries(resolutions)) {
    t.equal(resolution?.fileName, '/node_modules/fastify-method-not-allowed/dist/index.d.ts', kind)
  }
})

t.test('the check entry point loads as CommonJS and ESM, and the bin runs from node_modules/.bin', async t => {
  writeFileSync(join(consumer, 'surface.cjs'), `'use strict'
const Fastify = require('fastify')
const plugin = require('fastify-method-not-allowed')
const check = require('fastify-method-not-allowed/check')
async function build () {
  const app = Fastify()
  await app.register(plugin)
  app.get('/pets', async () => [])
  return app
}
module.exports = build
if (require.main === module) {
  build().then(async app => {
    await app.ready()
    const findings = check.checkSurface(app.methodSurface(), { paths: { '/pets': { get: {}, post: {} } } })
    console.log(Object.keys(check).sort().join(' '))
    console.log(check.formatFindings(findings).trim())
    await app.close()
  })
}
`)
  t.equal(await succeed('node', ['surface.cjs'], consumer), 'checkSurface diffSurfaces formatChanges formatFindings\nPOST /pets: documented, answered 405 at /pets\n1 finding\n')
  writeFileSync(join(consumer, 'check.mjs'), `import { checkSurface, diffSurfaces } from 'fastify-method-not-allowed/check'
console.log(typeof checkSurface, typeof diffSurfaces)
`)
  t.equal(await succeed('node', ['check.mjs'], consumer), 'function function\n')
  writeFileSync(join(consumer, 'openapi.json'), JSON.stringify({ paths: { '/pets': { get: {} } } }))
  t.equal(await succeed(join(consumer, 'node_modules', '.bin', 'fastify-method-not-allowed'), ['check', 'surface.cjs', 'openapi.json'], consumer),
    'The server answers every operation of the document, and only those.\n')
  writeFileSync(join(consumer, 'openapi.json'), JSON.stringify({ paths: { '/pets': { put: {} } } }))
  const ran = await run(join(consumer, 'node_modules', '.bin', 'fastify-method-not-allowed'), ['check', 'surface.cjs', 'openapi.json'], consumer)
  t.equal(ran.code, 1)
  t.equal(ran.stdout, 'GET /pets: served, not documented\nPUT /pets: documented, answered 405 at /pets\n2 findings\n')
})

// Registers the plugin, then asks for a 405 and the decorator: proof that
// what was loaded is the working plugin, not merely a function.
const exercise = `
async function exercise (Fastify, plugin) {
  const app = Fastify()
  await app.register(plugin)
  app.get('/posts/:id', async () => 'post')
  const guards = []
  app.setErrorHandler((error, request, reply) => {
    guards.push([plugin.isMethodNotAllowedError(error), plugin.isNotImplementedError(error)])
    throw error
  })
  await app.ready()
  const res = await app.inject({ method: 'DELETE', url: '/posts/1' })
  const search = await app.inject({ method: 'SEARCH', url: '/posts/1' })
  await app.close()
  return { status: res.statusCode, allow: res.headers.allow, code: res.json().code, allowed: app.allowedMethods('/posts/1'), search: search.statusCode, guards }
}`
const exercised = { status: 405, allow: 'GET, HEAD, OPTIONS', code: 'FST_ERR_METHOD_NOT_ALLOWED', allowed: ['GET', 'HEAD', 'OPTIONS'], search: 501, guards: [[true, false], [false, true]] }

t.test('require() returns the plugin, with .default and .fastifyMethodNotAllowed', async t => {
  writeFileSync(join(consumer, 'require.cjs'), `'use strict'
const Fastify = require('fastify')
const plugin = require('fastify-method-not-allowed')
function deepRequire () {
  try {
    require('fastify-method-not-allowed/dist/plugin.js')
    return 'loaded'
  } catch (error) {
    return error.code
  }
}
${exercise}
exercise(Fastify, plugin).then(result => console.log(JSON.stringify({
  keys: Object.keys(plugin).sort(),
  default: plugin.default === plugin,
  named: plugin.fastifyMethodNotAllowed === plugin,
  meta: plugin[Symbol.for('plugin-meta')],
  errors: Object.keys(plugin.errors).sort(),
  manifest: require('fastify-method-not-allowed/package.json').name,
  deep: deepRequire(),
  result
})))
`)
  const output = JSON.parse(await succeed('node', ['require.cjs'], consumer))
  t.same(output, {
    keys: runtimeExports,
    default: true,
    named: true,
    // No `fastify` range: the plugin checks the version itself, with its own error.
    meta: { name: 'fastify-method-not-allowed' },
    errors: errorCodes,
    // The exports map: package.json stays readable, dist/ files are private.
    manifest: 'fastify-method-not-allowed',
    deep: 'ERR_PACKAGE_PATH_NOT_EXPORTED',
    result: exercised
  })
})

t.test('ESM: the default import and every named import', async t => {
  writeFileSync(join(consumer, 'import.mjs'), `import Fastify from 'fastify'
import plugin, { fastifyMethodNotAllowed, optionsSchema, routeConfigSchema, formatAllow, errors, corsFromRoutes, isMethodNotAllowedError, isNotImplementedError } from 'fastify-method-not-allowed'
import * as namespace from 'fastify-method-not-allowed'
${exercise}
console.log(JSON.stringify({
  named: fastifyMethodNotAllowed === plugin,
  default: namespace.default === plugin,
  // __esModule: the compiled CommonJS marker, which Node lists too.
  namespace: Object.keys(namespace).filter(key => key !== '__esModule' && key !== 'module.exports').sort(),
  schemas: [optionsSchema.$id, routeConfigSchema.$id],
  allow: formatAllow(['GET', 'HEAD']),
  errors: Object.keys(errors).sort(),
  cors: typeof corsFromRoutes(),
  guards: [isMethodNotAllowedError === plugin.isMethodNotAllowedError, isNotImplementedError === plugin.isNotImplementedError],
  result: await exercise(Fastify, plugin)
}))
`)
  const output = JSON.parse(await succeed('node', ['import.mjs'], consumer))
  t.same(output, {
    named: true,
    default: true,
    namespace: runtimeExports,
    schemas: ['FastifyMethodNotAllowedOptions', 'FastifyMethodNotAllowedRouteConfig'],
    allow: 'GET, HEAD',
    errors: errorCodes,
    cors: 'function',
    guards: [true, true],
    result: exercised
  })
})

/**
 * One TypeScript consumer, compiled under each setting: the route-config
 * augmentation, the decorator, option types, every named export, and
 * `@ts-expect-error` lines that fail the compile if the types were loose.
 * The consumer has no @fastify/cors: corsFromRoutes' types must not need it.
 */
function typescriptConsumer (imports: string): string {
  return `import Fastify, { type FastifyInstance } from 'fastify'
${imports}

export function rejected (app: FastifyInstance): void {
  // @ts-expect-error allow is a list of methods
  app.get('/bad', { config: { methodNotAllowed: { allow: 'GET' } } }, async () => 'bad')
  // @ts-expect-error methodNotAllowed is false, true or { allow }
  app.get('/bad', { config: { methodNotAllowed: 'no' } }, async () => 'bad')
  // @ts-expect-error options are booleans
  app.register(methodNotAllowed, { autoOptions: 'yes' })
  // @ts-expect-error the decorator returns the Allow list
  const count: number = app.allowedMethods('/x')
  void count
  // @ts-expect-error corsFromRoutes takes the methods from the route table
  corsFromRoutes({ methods: ['GET'] })
}

export async function main (): Promise<Record<string, unknown>> {
  const app = Fastify()
  const options: FastifyMethodNotAllowedOptions = { autoOptions: true, notImplemented: true, allowOnSuccess: false, catchAllIsResource: false }
  await app.register(methodNotAllowed, options)
  app.route({ method: ['GET', 'PUT'], url: '/x', config: { methodNotAllowed: { allow: ['GET'] } }, handler: async () => 'x' })
  app.get('/admin', { config: { methodNotAllowed: false } }, async () => 'admin')
  await app.ready()
  const allowed: string[] = app.allowedMethods('/x')
  const put = await app.inject({ method: 'PUT', url: '/x' })
  const admin = await app.inject({ method: 'DELETE', url: '/admin' })
  const error = new errors.FST_ERR_METHOD_NOT_ALLOWED('PUT', '/x', formatAllow(allowed))
  const code: 'FST_ERR_METHOD_NOT_ALLOWED' = error.code
  const { preflight, hook } = corsFromRoutes({ origin: 'https://app.example', hook: 'onRequest' })(Fastify())
  await app.close()
  return {
    allowed,
    put: [put.statusCode, put.headers.allow],
    admin: admin.statusCode,
    code,
    named: fastifyMethodNotAllowed === methodNotAllowed,
    schemas: [optionsSchema.$id, routeConfigSchema.$id],
    cors: [preflight, hook],
    document: deprecationsPerMethod({ openapiObject: { paths: {} } }).paths
  }
}
`
}

const namedImports = 'fastifyMethodNotAllowed, optionsSchema, routeConfigSchema, formatAllow, errors, corsFromRoutes, deprecationsPerMethod, type FastifyMethodNotAllowedOptions'
const consumerResult = {
  allowed: ['GET', 'HEAD', 'OPTIONS'],
  put: [405, 'GET, HEAD, OPTIONS'],
  admin: 404,
  code: 'FST_ERR_METHOD_NOT_ALLOWED',
  named: true,
  schemas: ['FastifyMethodNotAllowedOptions', 'FastifyMethodNotAllowedRouteConfig'],
  cors: [false, 'onRequest'],
  document: {}
}

function tsconfig (compilerOptions: Record<string, unknown>, files: string[]): string {
  return JSON.stringify({
    // skipLibCheck keeps this fast; the declarations themselves are type-checked
    // with skipLibCheck off by the type tests (types/tsconfig.json).
    compilerOptions: { target: 'ES2022', lib: ['ES2022'], strict: true, types: ['node'], skipLibCheck: true, ...compilerOptions },
    files
  }, null, 2)
}

t.test('TypeScript consumers compile with module NodeNext (CommonJS and ESM) and with moduleResolution bundler, and the README\'s error-handler recipe without a cast under exactOptionalPropertyTypes and noUncheckedIndexedAccess', async t => {
  const imports = `import methodNotAllowed, { ${namedImports} } from 'fastify-method-not-allowed'`
  // Under NodeNext a .ts file is CommonJS here (no "type" in package.json), a .mts file ESM.
  writeFileSync(join(consumer, 'src/cjs.ts'), typescriptConsumer(`${imports}
import required = require('fastify-method-not-allowed')
export const same = required === methodNotAllowed`))
  writeFileSync(join(consumer, 'src/esm.mts'), typescriptConsumer(imports))
  writeFileSync(join(consumer, 'src/bundler.ts'), typescriptConsumer(imports))
  writeFileSync(join(consumer, 'tsconfig.nodenext.json'), tsconfig(
    { module: 'NodeNext', moduleResolution: 'NodeNext', rootDir: 'src', outDir: 'out' },
    ['src/cjs.ts', 'src/esm.mts']))
  writeFileSync(join(consumer, 'tsconfig.bundler.json'), tsconfig(
    { module: 'ESNext', moduleResolution: 'bundler', noEmit: true },
    ['src/bundler.ts']))

  // The README's error-handler recipe, as the installed package's README has
  // it, for the strictest consumer: it must narrow with the exported guards.
  const readme = readFileSync(join(consumer, 'node_modules', 'fastify-method-not-allowed', 'README.md'), 'utf8')
  const recipe = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map(match => match[1]).find(code => code.includes('setErrorHandler')) ?? ''
  t.match(recipe, 'problemDetails(error, request)', 'the README recipe uses the exported helper')
  t.notMatch(recipe, /\bas\s+[A-Z{(]|<[A-Z]\w*>\s*\(?error/, 'the README recipe has no cast')
  writeFileSync(join(consumer, 'src/recipe.mts'), recipe)
  writeFileSync(join(consumer, 'tsconfig.recipe.json'), tsconfig(
    { module: 'NodeNext', moduleResolution: 'NodeNext', noEmit: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true },
    ['src/recipe.mts']))

  // One tsc process for every project: build mode shares the parsed declarations.
  const compile = await run(bin('tsc'), ['-b', 'tsconfig.nodenext.json', 'tsconfig.bundler.json', 'tsconfig.recipe.json'], consumer)
  t.equal(compile.code, 0, compile.stdout)

  // What NodeNext emitted runs: the types describe the module Node loads.
  const cjs = await succeed('node', ['-e', "const c = require('./out/cjs.js'); c.main().then(r => console.log(JSON.stringify({ ...r, same: c.same })))"], consumer)
  t.same(JSON.parse(cjs), { ...consumerResult, same: true }, 'CommonJS output')
  const esm = await succeed('node', ['--input-type=module', '-e', "const { main } = await import('./out/esm.mjs'); console.log(JSON.stringify(await main()))"], consumer)
  t.same(JSON.parse(esm), consumerResult, 'ESM output')
})
