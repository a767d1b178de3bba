import t from 'tap'
import Fastify from 'fastify'

// The CommonJS entry as consumers get it: the plugin itself, `default`, and a named export.
const entry = require('../../lib/index')

t.test('the package entry is the plugin, with default and named exports', async t => {
  t.equal(typeof entry, 'function')
  t.equal(entry.default, entry)
  t.equal(entry.fastifyMethodNotAllowed, entry)
  t.equal(entry[Symbol.for('fastify.display-name')], 'fastify-method-not-allowed')
  // No `fastify` range for fastify-plugin: register() checks the version itself (lib/plugin.ts).
  t.same(entry[Symbol.for('plugin-meta')], { name: 'fastify-method-not-allowed' })
  t.equal(entry.isMethodNotAllowedError(new Error('x')), false)
  t.equal(entry.isNotImplementedError(new entry.errors.FST_ERR_METHOD_NOT_IMPLEMENTED('SEARCH')), true)
  t.equal(entry.formatAllow(['GET', 'HEAD']), 'GET, HEAD')
  t.equal(entry.optionsSchema.$id, 'FastifyMethodNotAllowedOptions')
  t.equal(entry.routeConfigSchema.$id, 'FastifyMethodNotAllowedRouteConfig')
  t.equal(new entry.errors.FST_ERR_METHOD_NOT_ALLOWED('PUT', '/a', 'GET').statusCode, 405)
  t.equal(entry.corsFromRoutes({})(Fastify()).preflight, false)
  t.equal(entry.problemDetails(new Error('x'), { url: '/' }), undefined)
  t.same(entry.deprecationsPerMethod({ openapiObject: { paths: {} } }), { paths: {} })
})

t.test('the entry registers as a plugin', async t => {
  const app = Fastify()
  await app.register(entry)
  app.get('/a', async () => 'a')
  t.equal((await app.inject({ method: 'POST', url: '/a' })).statusCode, 405)
})
