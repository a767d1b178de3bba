import t from 'tap'
import Fastify, { type FastifyError } from 'fastify'
import methodNotAllowed from '../lib/plugin'
import { body405, build } from './helpers/app'
import { tenantStrategy } from './helpers/fuzz-model'

// RFC 9745 (Deprecation), RFC 8594 (Sunset): deprecated methods work and say
// so until their sunset; then they are gone from every answer.

const declaredAt = Date.parse('2026-12-01T00:00:00Z')
const sunset = Date.parse('2027-06-30')
const link = 'https://api.example/changes/put-posts'

type App = Awaited<ReturnType<typeof build>>

async function posts (clock: { now: number }, setup?: (app: App) => void): Promise<App> {
  const app = await build({ clock: () => clock.now })
  // Fastify gives a route the error handler set when the route is declared.
  setup?.(app)
  app.get('/posts/:id', async () => ({ id: 1 }))
  app.patch('/posts/:id', async () => ({ patched: true }))
  app.put('/posts/:id', { config: { methodNotAllowed: { deprecated: { PUT: { sunset: '2027-06-30', use: 'PATCH', link } } } } }, async () => ({ put: true }))
  return app
}

t.test('before its sunset, a deprecated method works and carries Deprecation, Sunset and Link', async t => {
  const clock = { now: declaredAt }
  const app = await posts(clock)
  clock.now = sunset - 1

  const put = await app.inject({ method: 'PUT', url: '/posts/1' })
  t.equal(put.statusCode, 200)
  t.same(put.json(), { put: true })
  t.equal(put.headers.deprecation, `@${declaredAt / 1000}`, 'deprecated since the route was declared')
  t.equal(put.headers.sunset, 'Wed, 30 Jun 2027 00:00:00 GMT')
  t.equal(put.headers.link, `<${link}>; rel="deprecation", <${link}>; rel="sunset"`)

  const get = await app.inject({ method: 'GET', url: '/posts/1' })
  t.equal(get.headers.deprecation, undefined)
  const del = await app.inject({ method: 'DELETE', url: '/posts/1' })
  t.equal(del.headers.allow, 'GET, HEAD, OPTIONS, PATCH, PUT')
  t.same(app.allowedMethods('/posts/1'), ['GET', 'HEAD', 'OPTIONS', 'PATCH', 'PUT'])
})

t.test('from its sunset on, the method answers 405 and no Allow lists it; all answers agree at every moment', async t => {
  const clock = { now: declaredAt }
  let seen: Record<string, unknown> | undefined
  const app = await posts(clock, app => app.setErrorHandler((error: FastifyError & Record<string, unknown>, request, reply) => {
    if (request.method === 'PUT') seen = { retired: error.retired, use: error.use, link: error.link, allow: error.allow }
    reply.send(error)
  }))
  const before = 'GET, HEAD, OPTIONS, PATCH, PUT'
  const after = 'GET, HEAD, OPTIONS, PATCH'
  for (const [now, allow] of [[sunset - 1, before], [sunset, after], [sunset - 1, before], [sunset + 1, after]] as const) {
    clock.now = now
    t.equal((await app.inject({ method: 'DELETE', url: '/posts/1' })).headers.allow, allow, `405 at ${now}`)
    t.equal((await app.inject({ method: 'OPTIONS', url: '/posts/1' })).headers.allow, allow, `OPTIONS at ${now}`)
    t.same(app.allowedMethods('/posts/1'), allow.split(', '), `allowedMethods at ${now}`)
    t.equal((await app.inject({ method: 'PUT', url: '/posts/1' })).statusCode, allow === before ? 200 : 405, `PUT at ${now}`)
  }

  const put = await app.inject({ method: 'PUT', url: '/posts/1?draft=1' })
  t.equal(put.statusCode, 405)
  t.equal(put.headers.allow, after)
  t.equal(put.headers.deprecation, undefined)
  t.same(put.json(), {
    statusCode: 405,
    code: 'FST_ERR_METHOD_NOT_ALLOWED',
    error: 'Method Not Allowed',
    message: `Method PUT was retired on 2027-06-30 for /posts/1?draft=1; use PATCH (${link}); allowed: ${after}`
  })
  t.same(seen, { retired: '2027-06-30', use: 'PATCH', link, allow: after.split(', ') })
})

t.test('retired: true retires at once; since sets the Deprecation date; without link or use the message says less', async t => {
  const clock = { now: declaredAt }
  const app = await build({ clock: () => clock.now })
  app.get('/a', { config: { methodNotAllowed: { deprecated: { get: { since: '2026-01-15', link } } } } }, async () => 'a')
  app.route({ method: ['POST', 'DELETE'], url: '/a', config: { methodNotAllowed: { deprecated: { DELETE: { retired: true, sunset: '2030-01-01' }, POST: { retired: true, link } } } }, handler: async () => 'gone' })

  const get = await app.inject({ method: 'GET', url: '/a' })
  t.equal(get.headers.deprecation, `@${Date.parse('2026-01-15') / 1000}`)
  t.equal(get.headers.sunset, undefined)
  t.equal(get.headers.link, `<${link}>; rel="deprecation"`)
  const head = await app.inject({ method: 'HEAD', url: '/a' })
  t.equal(head.headers.deprecation, get.headers.deprecation, 'HEAD follows GET')

  const del = await app.inject({ method: 'DELETE', url: '/a' })
  t.equal(del.statusCode, 405)
  t.equal(del.headers.allow, 'GET, HEAD, OPTIONS')
  t.same(del.json(), { ...body405('DELETE', '/a', 'GET, HEAD, OPTIONS'), message: 'Method DELETE was retired for /a; allowed: GET, HEAD, OPTIONS' })
  const post = await app.inject({ method: 'POST', url: '/a' })
  t.equal(post.json().message, `Method POST was retired for /a; see ${link}; allowed: GET, HEAD, OPTIONS`)
})

t.test('a deprecated GET retires its HEAD too', async t => {
  const clock = { now: sunset }
  const app = await build({ clock: () => clock.now })
  app.get('/old', { config: { methodNotAllowed: { deprecated: { GET: { sunset: '2027-06-30', use: 'POST' } } } } }, async () => 'old')
  app.post('/old', async () => 'new')

  const head = await app.inject({ method: 'HEAD', url: '/old' })
  t.equal(head.statusCode, 405)
  t.equal(head.headers.allow, 'OPTIONS, POST')
  t.equal((await app.inject({ method: 'DELETE', url: '/old' })).headers.allow, 'OPTIONS, POST')
})

t.test('only the routes that deprecate something get a hook', async t => {
  const bare = Fastify()
  await bare.register(methodNotAllowed)
  bare.get('/a', async () => 'a')
  bare.put('/b', { config: { methodNotAllowed: { deprecated: { PUT: { sunset: '2027-06-30' } } } } }, async () => 'b')
  await bare.ready()
  t.notMatch(bare.printRoutes({ method: 'GET', includeHooks: true }), /onRequest/)
  t.match(bare.printRoutes({ method: 'PUT', includeHooks: true }), /onRequest.*deprecatedMethods\(\)/)
})

async function configError (deprecated: unknown, method = 'PUT'): Promise<Error> {
  const app = Fastify()
  await app.register(methodNotAllowed)
  try {
    app.route({ method: method as 'PUT', url: '/r', config: { methodNotAllowed: { deprecated } } as never, handler: async () => 'r' })
    await app.ready()
  } catch (error) {
    return error as Error
  }
  throw new Error('registration did not fail')
}

t.test('bad deprecations fail registration naming the route and the key', async t => {
  t.match(await configError({ DELETE: { sunset: '2027-06-30' } }), {
    code: 'FST_ERR_METHOD_NOT_ALLOWED_INVALID_ROUTE_CONFIG',
    message: 'fastify-method-not-allowed: route PUT /r: invalid config.methodNotAllowed.deprecated.DELETE: DELETE is not a method of this route'
  })
  t.match(await configError({ PUT: { sunset: '2027-02-30' } }), {
    message: 'fastify-method-not-allowed: route PUT /r: invalid config.methodNotAllowed.deprecated.PUT.sunset: 2027-02-30 is not a date'
  })
  t.match(await configError({ PUT: { sunset: 'next year' } }), {
    message: /^fastify-method-not-allowed: route PUT \/r: invalid config\.methodNotAllowed\.deprecated\.PUT\.sunset: Expected string to match/
  })
  t.match(await configError({ PUT: { link: 'not a uri' } }), {
    message: /^fastify-method-not-allowed: route PUT \/r: invalid config\.methodNotAllowed\.deprecated\.PUT\.link: Expected string to match/
  })
  t.match(await configError({ PUT: { when: 'soon' } }), {
    message: 'fastify-method-not-allowed: route PUT /r: invalid config.methodNotAllowed.deprecated.PUT.when: Unexpected property'
  })
})

t.test('a route declared before the plugin cannot be deprecated: ready() says what to do', async t => {
  const app = Fastify()
  app.put('/r', { config: { methodNotAllowed: { deprecated: { PUT: { sunset: '2027-06-30' } } } } }, async () => 'r')
  await app.register(methodNotAllowed)
  await t.rejects(async () => app.ready(), {
    code: 'FST_ERR_METHOD_NOT_ALLOWED_INVALID_ROUTE_CONFIG',
    message: 'fastify-method-not-allowed: route PUT /r: invalid config.methodNotAllowed.deprecated: the route was declared before fastify-method-not-allowed was registered, so this can no longer be applied to it; await app.register(fastifyMethodNotAllowed) before declaring it'
  })
})

t.test('the other methods of a deprecating route, and routes that deprecate nothing, are untouched', async t => {
  const clock = { now: sunset }
  const app = await build({ clock: () => clock.now })
  app.addConstraintStrategy(tenantStrategy)
  app.route({ method: ['GET', 'PUT'], url: '/doc', config: { methodNotAllowed: { deprecated: { PUT: { sunset: '2027-06-30' } } } }, handler: async () => 'doc' })
  app.put('/other', async () => 'other')
  app.put('/doc', { constraints: { tenant: 'a' } }, async () => 'tenant doc')

  const get = await app.inject({ method: 'GET', url: '/doc' })
  t.equal(get.statusCode, 200)
  t.equal(get.headers.deprecation, undefined)
  t.equal((await app.inject({ method: 'DELETE', url: '/other' })).headers.allow, 'OPTIONS, PUT')
  t.equal((await app.inject({ method: 'DELETE', url: '/doc' })).headers.allow, 'GET, HEAD, OPTIONS', 'a route with a custom constraint serves no client the plugin answers for')
  t.equal((await app.inject({ method: 'PUT', url: '/doc', headers: { 'x-tenant': 'a' } })).body, 'tenant doc')
})

t.test('with version-constrained routes, a retired method is gone for the clients its route serves', async t => {
  const clock = { now: sunset }
  const app = await build({ clock: () => clock.now })
  app.get('/v', { constraints: { version: '2.0.0' } }, async () => 'v2')
  app.put('/v', { constraints: { version: '2.0.0' }, config: { methodNotAllowed: { deprecated: { PUT: { sunset: '2027-06-30' } } } } }, async () => 'put v2')
  app.put('/v', async () => 'put v1')

  const v2 = await app.inject({ method: 'DELETE', url: '/v', headers: { 'accept-version': '2.0.0' } })
  t.equal(v2.headers.allow, 'GET, HEAD, OPTIONS')
  const unversioned = await app.inject({ method: 'DELETE', url: '/v' })
  t.equal(unversioned.headers.allow, 'OPTIONS, PUT')
})
