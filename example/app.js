'use strict'

const Fastify = require('fastify')
const cors = require('@fastify/cors')
// The built plugin (npm start and npm run demo build it first).
// In your own service: require('fastify-method-not-allowed').
const methodNotAllowed = require('../dist')
const { corsFromRoutes } = methodNotAllowed

/**
 * A small user and file service. Nothing here is written for the plugin
 * except three lines: registering it first, handing cors its options through
 * corsFromRoutes(), and hiding the admin route.
 */
async function buildApp (options = {}) {
  const app = Fastify(options)

  // First, before @fastify/cors and the routes: the plugin covers what is
  // registered after it, including the `OPTIONS *` route that cors adds.
  await app.register(methodNotAllowed)

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

  // Hidden: any other method answers a plain 404, so nobody learns the URL exists.
  app.get('/admin/stats', { config: { methodNotAllowed: false } }, async () => ({
    users: users.size,
    files: files.size
  }))

  return app
}

module.exports = { buildApp }
