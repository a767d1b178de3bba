import t from 'tap'
import Fastify from 'fastify'
import { join, sep } from 'node:path'

// The plugin validates its options and route config with checks compiled at
// build time (scripts/generate-schemas.js): TypeBox, about 250 modules and as
// long to load as Fastify itself, is loaded only to explain a value that fails
// them. benchmarks/load.js measures what that saves. This file imports
// nothing that loads TypeBox, so that require.cache tells.
const plugin = require('../../lib/index')

const typeboxModules = (): string[] => Object.keys(require.cache).filter(file => file.includes(`${sep}@sinclair${sep}typebox${sep}`))

// First: what require() alone loaded.
const lib = join(__dirname, '..', '..', 'lib') + sep
const libModules = (): string[] => Object.keys(require.cache).filter(file => file.startsWith(lib)).map(file => 'lib/' + file.slice(lib.length).split(sep).join('/')).sort()

t.test('require() loads only what the exports are made of: the plugin\'s modules at registration, an integration\'s at its first call', async t => {
  t.same(libModules(), ['lib/declare/generated/schemas.ts', 'lib/error-guards.ts', 'lib/errors.ts', 'lib/index.ts', 'lib/model/allow.ts'])
  plugin.problemDetails(new Error('not ours'), { url: '/' })
  t.ok(libModules().includes('lib/integrations/problem-details.ts'))
  t.notOk(libModules().includes('lib/plugin.ts'))
  const app = Fastify()
  await app.register(plugin)
  t.ok(libModules().includes('lib/plugin.ts'))
  t.ok(libModules().includes('lib/request/hooks.ts'))
})

t.test('valid options and route config, and the exported schemas, load no TypeBox', async t => {
  const app = Fastify()
  await app.register(plugin, { autoOptions: true, notImplemented: false, allowOnSuccess: true, catchAllIsResource: false, prefix: '/' })
  app.get('/a', { config: { methodNotAllowed: false } }, async () => 'a')
  app.route({ method: ['GET', 'POST', 'PUT'], url: '/b', config: { methodNotAllowed: { allow: ['GET', 'put'] } }, handler: async () => 'b' })
  app.get('/c', { config: { methodNotAllowed: true } }, async () => 'c')
  await app.ready()
  t.equal((await app.inject({ method: 'POST', url: '/b' })).statusCode, 405)
  t.equal(plugin.optionsSchema.$id, 'FastifyMethodNotAllowedOptions')
  t.equal(plugin.routeConfigSchema.$id, 'FastifyMethodNotAllowedRouteConfig')
  t.same(typeboxModules(), [])

  // Only an invalid value, at registration, loads it.
  await t.rejects(async () => { await Fastify().register(plugin, { autoOptions: 'yes' }) }, { code: 'FST_ERR_METHOD_NOT_ALLOWED_INVALID_OPTION' })
  t.not(typeboxModules().length, 0)
})

t.test('the plugin\'s entry loads none of the surface, its check, the diff or the CLI until asked', async t => {
  const surfaceModules = (): string[] => Object.keys(require.cache).filter(file => /[\\/]lib[\\/](?:surface[\\/]|check\.ts$|cli\.ts$|ready[\\/]surface\.ts$|model[\\/]pattern\.ts$)/.test(file))
  t.same(surfaceModules(), [])
  const app = Fastify()
  await app.register(plugin)
  app.get('/a', async () => 'a')
  await app.ready()
  t.same(surfaceModules(), [])
  t.same(Object.keys(app.methodSurface()), ['/a'])
  t.same(surfaceModules().map(file => file.slice(file.lastIndexOf('lib'))).sort(), ['lib/model/pattern.ts', 'lib/ready/surface.ts'].map(file => file.split('/').join(sep)))
})
