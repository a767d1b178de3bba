'use strict'

const Fastify = require('fastify')
const cors = require('@fastify/cors')
const swagger = require('@fastify/swagger')
// The built plugin (npm start and npm run demo build it first).
// In your own service: require('fastify-method-not-allowed').
const methodNotAllowed = require('../dist')
const { corsFromRoutes, problemDetails } = methodNotAllowed

/**
 * A small user and file service. Nothing here is written for the plugin
 * except a few lines: registering it first, handing cors its options through
 * corsFromRoutes(), hiding the admin routes, counting the calls of deprecated
 * methods, and problem details for the clients that ask for them.
 */
async function buildApp (options = {}) {
  const app = Fastify(options)

  // Who still calls a deprecated method, for GET /admin/deprecated-calls. Each
  // call is also logged at warn (LOG_LEVEL=warn npm start shows the lines).
  const deprecatedCalls = {}
  function countDeprecatedCall (call) {
    const key = `${call.retired ? 'retired' : 'deprecated'} ${call.method} ${call.route}`
    deprecatedCalls[key] = (deprecatedCalls[key] ?? 0) + 1
  }

  // First, before @fastify/cors and the routes: the plugin covers what is
  // registered after it, including the `OPTIONS *` route that cors adds.
  await app.register(methodNotAllowed, { onDeprecatedCall: countDeprecatedCall })

  // The OpenAPI document marks deprecated methods and leaves retired ones out,
  // from the routes' config: nothing to wire.
  await app.register(swagger, { openapi: { info: { title: 'Example service', version: '1.0.0' } } })
  app.get('/documentation/json', { schema: { hide: true } }, async () => app.swagger())

  // RFC 9457 problem details for the clients that ask for them (Accept);
  // the others get Fastify's error JSON. Set before the routes, which take
  // the error handler set when they are declared.
  app.setErrorHandler((error, request, reply) => {
    const problem = problemDetails(error, request)
    if (problem === undefined || !String(request.headers.accept).includes('application/problem+json')) throw error
    return reply.code(problem.status).type('application/problem+json').send(problem)
  })

  // No `methods` list: each preflight is answered with the Allow list of its
  // URL, and a preflight for an unknown or hidden URL gets the 404.
  await app.register(cors, corsFromRoutes({
    // CORS headers for browsers' cross-origin requests only: without an
    // Origin, cors steps aside. A real service would list its origins here.
    origin: (origin, callback) => callback(null, origin !== undefined),
    // Lets the page's JavaScript read Allow on a cross-origin 405.
    exposedHeaders: ['Allow']
  }))

  const users = new Map([
    ['1', { id: '1', name: 'Ada Lovelace' }],
    ['2', { id: '2', name: 'Grace Hopper' }]
  ])
  let nextId = 3

  app.get('/users', async () => [...users.values()])

  app.post('/users', async (request, reply) => {
    const user = { id: String(nextId++), name: String(request.body?.name ?? 'anonymous') }
    users.set(user.id, user)
    return reply.code(201).send(user)
  })

  app.get('/users/:id', async (request, reply) => {
    const user = users.get(request.params.id)
    // The route matched, so this 404 stays a 404: the plugin never rewrites it.
    if (user === undefined) return reply.callNotFound()
    return user
  })

  app.patch('/users/:id', async (request, reply) => {
    const user = users.get(request.params.id)
    if (user === undefined) return reply.callNotFound()
    if (typeof request.body?.name === 'string') user.name = request.body.name
    return user
  })

  const files = new Map([['reports/q1.txt', 'revenue: up\n']])

  app.get('/files/*', async (request, reply) => {
    const content = files.get(request.params['*'])
    if (content === undefined) return reply.callNotFound()
    return reply.type('text/plain; charset=utf-8').send(content)
  })

  app.put('/files/*', async (request, reply) => {
    files.set(request.params['*'], String(request.body ?? ''))
    return reply.code(204).send()
  })

  // API evolution: PATCH (JSON Merge Patch, RFC 7396) replaces PUT, which is
  // deprecated until its sunset; POST was retired already. The automatic
  // OPTIONS answer lists what PATCH accepts (Accept-Patch, RFC 5789).
  const settings = { theme: 'light' }
  const changes = 'https://api.example/changes/settings'
  app.get('/settings', async () => settings)
  await app.register(async function mergePatch (scope) {
    // A JSON Merge Patch is JSON: Fastify's JSON parser reads it, in this
    // scope only. Without a parser Fastify answers 415, and Accept-Patch
    // would not list the type.
    scope.addContentTypeParser('application/merge-patch+json', { parseAs: 'string' }, scope.getDefaultJsonParser('error', 'error'))
    scope.patch('/settings', {
      schema: { body: { content: { 'application/merge-patch+json': { schema: { type: 'object' } } } } }
    }, async request => Object.assign(settings, request.body))
  })
  app.put('/settings', {
    config: { methodNotAllowed: { deprecated: { PUT: { since: '2026-12-01', sunset: '2099-12-31', use: 'PATCH', link: changes } } } }
  }, async request => Object.assign(settings, request.body))
  app.post('/settings', {
    config: { methodNotAllowed: { deprecated: { POST: { retired: true, use: 'PATCH', link: changes } } } }
  }, async request => Object.assign(settings, request.body))

  // Hidden: any other method answers a plain 404, so nobody learns the URL
  // exists; and the API document leaves the admin routes out (swagger's hide).
  const admin = { schema: { hide: true }, config: { methodNotAllowed: false } }
  app.get('/admin/stats', admin, async () => ({
    users: users.size,
    files: files.size
  }))
  app.get('/admin/deprecated-calls', admin, async () => deprecatedCalls)

  return app
}

module.exports = { buildApp }
