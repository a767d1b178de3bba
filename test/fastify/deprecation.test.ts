import t from 'tap'
import Fastify, { type FastifyError } from 'fastify'
import methodNotAllowed from '../../lib/plugin'
import * as errors from '../../lib/errors'
import { body405, build } from '../helpers/app'
import { tenantStrategy } from '../helpers/fuzz-model'

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
  app.put('/posts/:id', { config: { methodNotAllowed: { deprecated: { PUT: { since: '2026-12-01', sunset: '2027-06-30', use: 'PATCH', link } } } } }, async () => ({ put: true }))
  return app
}

t.test('before its sunset, a deprecated method works and carries Deprecation, Sunset and Link', async t => {
  const clock = { now: declaredAt }
  const app = await posts(clock)
  clock.now = sunset - 1

  const put = await app.inject({ method: 'PUT', url: '/posts/1' })
  t.equal(put.statusCode, 200)
  t.same(put.json(), { put: true })
  t.equal(put.headers.deprecation, `@${declaredAt / 1000}`, 'deprecated since 2026-12-01')
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
    message: `Method PUT was retired on 2027-06-30 for /posts/1?draft=1; use PATCH (${link}); allowed: ${after}`,
    use: 'PATCH',
    link
  }, 'an error handler that sends the error on sends the default body')
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
  app.get('/old', { config: { methodNotAllowed: { deprecated: { GET: { since: '2026-12-01', sunset: '2027-06-30', use: 'POST' } } } } }, async () => 'old')
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
  bare.put('/b', { config: { methodNotAllowed: { deprecated: { PUT: { since: '2026-12-01', sunset: '2027-06-30' } } } } }, async () => 'b')
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
  t.match(await configError({ DELETE: { since: '2026-12-01', sunset: '2027-06-30' } }), {
    code: 'FST_ERR_METHOD_NOT_ALLOWED_INVALID_ROUTE_CONFIG',
    message: 'fastify-method-not-allowed: route PUT /r: invalid config.methodNotAllowed.deprecated.DELETE: DELETE is not a method of this route'
  })
  t.match(await configError({ PUT: { since: '2026-12-01', sunset: '2027-02-30' } }), {
    message: 'fastify-method-not-allowed: route PUT /r: invalid config.methodNotAllowed.deprecated.PUT.sunset: 2027-02-30 is not a date'
  })
  t.match(await configError({ PUT: { since: '2027-02-30' } }), {
    message: 'fastify-method-not-allowed: route PUT /r: invalid config.methodNotAllowed.deprecated.PUT.since: 2027-02-30 is not a date'
  }, 'a date is refused wherever it is declared again')
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
  app.put('/r', { config: { methodNotAllowed: { deprecated: { PUT: { since: '2026-12-01', sunset: '2027-06-30' } } } } }, async () => 'r')
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
  app.route({ method: ['GET', 'PUT'], url: '/doc', config: { methodNotAllowed: { deprecated: { PUT: { since: '2026-12-01', sunset: '2027-06-30' } } } }, handler: async () => 'doc' })
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
  app.put('/v', { constraints: { version: '2.0.0' }, config: { methodNotAllowed: { deprecated: { PUT: { since: '2026-12-01', sunset: '2027-06-30' } } } } }, async () => 'put v2')
  app.put('/v', async () => 'put v1')

  const v2 = await app.inject({ method: 'DELETE', url: '/v', headers: { 'accept-version': '2.0.0' } })
  t.equal(v2.headers.allow, 'GET, HEAD, OPTIONS')
  const unversioned = await app.inject({ method: 'DELETE', url: '/v' })
  t.equal(unversioned.headers.allow, 'OPTIONS, PUT')
})

t.test('a Link the app sets in an app-wide onRequest hook, or in the handler, is combined with the deprecation links', async t => {
  const clock = { now: declaredAt }
  const app = await build({ clock: () => clock.now })
  app.addHook('onRequest', async (_request, reply) => { reply.header('link', '</app.css>; rel="preload"') })
  app.put('/doc', { config: { methodNotAllowed: { deprecated: { PUT: { since: '2026-12-01', sunset: '2027-06-30', link } } } } }, async () => 'doc')
  app.patch('/doc', {
    config: { methodNotAllowed: { deprecated: { PATCH: { since: '2026-12-01', link } } } },
    preHandler: async (_request, reply) => { reply.header('link', '</next>; rel="next"') }
  }, async (_request, reply) => {
    reply.header('link', [String(reply.getHeader('link')), '</style.css>; rel="stylesheet"'])
    return 'patched'
  })
  app.delete('/doc', { config: { methodNotAllowed: { deprecated: { DELETE: { since: '2026-12-01', link } } } } }, async (_request, reply) => {
    reply.header('link', '</handler>; rel="related"')
    return 'deleted'
  })

  const put = await app.inject({ method: 'PUT', url: '/doc' })
  t.equal(put.headers.link, `</app.css>; rel="preload", <${link}>; rel="deprecation", <${link}>; rel="sunset"`)
  const del = await app.inject({ method: 'DELETE', url: '/doc' })
  t.equal(del.headers.link, `</handler>; rel="related", <${link}>; rel="deprecation"`)
  const patch = await app.inject({ method: 'PATCH', url: '/doc' })
  t.same(patch.headers.link, ['</next>; rel="next"', '</style.css>; rel="stylesheet"', `<${link}>; rel="deprecation"`], 'a list of field lines gets one more line')
})

t.test('a Sunset earlier than its Deprecation fails registration naming the route (RFC 9745 §4)', async t => {
  t.match(await configError({ PUT: { since: '2027-06-30', sunset: '2027-01-15' } }), {
    code: 'FST_ERR_METHOD_NOT_ALLOWED_INVALID_ROUTE_CONFIG',
    message: 'fastify-method-not-allowed: route PUT /r: invalid config.methodNotAllowed.deprecated.PUT.sunset: 2027-01-15 is earlier than since (2027-06-30); RFC 9745 §4: a Sunset must not be earlier than the Deprecation'
  })
  t.match(await configError({ PUT: { since: '2027-06-30T12:00:00Z', sunset: '2027-06-30' } }), {
    message: /deprecated\.PUT\.sunset: 2027-06-30 is earlier than since \(2027-06-30T12:00:00Z\)/
  })
})

t.test('since is required, except for a method declared retired: the Deprecation date never moves', async t => {
  t.match(await configError({ PUT: { sunset: '2027-06-30' } }), {
    code: 'FST_ERR_METHOD_NOT_ALLOWED_INVALID_ROUTE_CONFIG',
    message: 'fastify-method-not-allowed: route PUT /r: invalid config.methodNotAllowed.deprecated.PUT.since: required: the Deprecation header (RFC 9745) states when the method was deprecated, and without since that date would be whenever the app started, different after each restart and on each instance'
  })
  t.match(await configError({ put: { retired: false, link } }), { message: /deprecated\.put\.since: required/ })

  const app = await build({ clock: () => declaredAt })
  app.put('/r', { config: { methodNotAllowed: { deprecated: { PUT: { retired: true } } } } }, async () => 'r')
  t.equal((await app.inject({ method: 'PUT', url: '/r' })).statusCode, 405)
})

t.test('a URL whose every method is retired is still a resource: every answer lists the same Allow', async t => {
  for (const autoOptions of [true, false]) {
    const clock = { now: declaredAt }
    const app = await build({ clock: () => clock.now, autoOptions, allowOnSuccess: true })
    app.get('/x', { config: { methodNotAllowed: { deprecated: { GET: { since: '2026-12-01', sunset: '2027-06-30' } } } } }, async () => 'x')
    app.put('/x', { config: { methodNotAllowed: { deprecated: { PUT: { retired: true } } } } }, async () => 'x')
    const allow = autoOptions ? 'OPTIONS' : ''
    const before = autoOptions ? 'GET, HEAD, OPTIONS' : 'GET, HEAD'

    const get = await app.inject({ method: 'GET', url: '/x' })
    t.equal(get.headers.allow, before, `allowOnSuccess before the sunset, autoOptions ${autoOptions}`)
    clock.now = sunset
    for (const method of ['GET', 'HEAD', 'PUT', 'DELETE', 'POST']) {
      const res = await app.inject({ method: method as 'GET', url: '/x' })
      t.equal(res.statusCode, 405, `${method}, autoOptions ${autoOptions}`)
      t.equal(res.headers.allow, allow, `${method}, autoOptions ${autoOptions}`)
    }
    const options = await app.inject({ method: 'OPTIONS', url: '/x' })
    t.equal(options.statusCode, autoOptions ? 200 : 405, `OPTIONS, autoOptions ${autoOptions}`)
    t.equal(options.headers.allow, allow)
    t.same(app.allowedMethods('/x'), autoOptions ? ['OPTIONS'] : [])
  }
})

t.test('a retired OPTIONS route gives way to the automatic OPTIONS answer, whose Allow lists OPTIONS', async t => {
  const app = await build({ clock: () => declaredAt })
  app.get('/o', async () => 'o')
  app.options('/o', { config: { methodNotAllowed: { deprecated: { OPTIONS: { retired: true } } } } }, async () => 'own options')
  app.options('/lone', { config: { methodNotAllowed: { deprecated: { OPTIONS: { retired: true } } } } }, async () => 'own options')

  const options = await app.inject({ method: 'OPTIONS', url: '/o' })
  t.equal(options.statusCode, 200)
  t.equal(options.headers.allow, 'GET, HEAD, OPTIONS')
  t.equal(options.body, '')
  t.equal((await app.inject({ method: 'DELETE', url: '/o' })).headers.allow, 'GET, HEAD, OPTIONS')
  // An OPTIONS route alone does not make a URL a resource: retired, it leaves Fastify's 404.
  const lone = await app.inject({ method: 'OPTIONS', url: '/lone' })
  t.equal(lone.statusCode, 404)
  t.equal((await app.inject({ method: 'DELETE', url: '/lone' })).statusCode, 404)
  t.same(app.allowedMethods('/lone'), [])
})

t.test('use must name a method that the URL serves: ready() fails naming the route and the key', async t => {
  const app = await build()
  app.get('/posts/:id', async () => 'post')
  app.put('/posts/:id', { config: { methodNotAllowed: { deprecated: { put: { since: '2026-12-01', use: 'PATCH' } } } } }, async () => 'put')
  await t.rejects(async () => app.ready(), {
    code: 'FST_ERR_METHOD_NOT_ALLOWED_INVALID_ROUTE_CONFIG',
    message: 'fastify-method-not-allowed: route PUT /posts/:id: invalid config.methodNotAllowed.deprecated.put.use: no route serves PATCH for /posts/:id, so clients told to use it would get a 405 too'
  })

  t.match(await configError({ PUT: { since: '2026-12-01', use: 'put' } }), {
    message: 'fastify-method-not-allowed: route PUT /r: invalid config.methodNotAllowed.deprecated.PUT.use: PUT is the deprecated method itself'
  })

  // Served by another route of another shape (a wildcard, another parameter name): accepted.
  const ok = await build()
  ok.put('/a/:id', { config: { methodNotAllowed: { deprecated: { PUT: { since: '2026-12-01', use: 'PATCH' } } } } }, async () => 'a')
  ok.patch('/a/*', async () => 'a')
  ok.put('/b/:id(^\\d+$)', { config: { methodNotAllowed: { deprecated: { PUT: { since: '2026-12-01', use: 'POST' } } } } }, async () => 'b')
  ok.post('/b/:key', async () => 'b')
  ok.put('/c', { constraints: { version: '2.0.0' }, config: { methodNotAllowed: { deprecated: { PUT: { since: '2026-12-01', use: 'OPTIONS' } } } } }, async () => 'c')
  await ok.ready()
  t.pass('use served by other routes of the URL')
})

t.test('the default 405 body of a retired method carries use and link; an error handler of the app keeps its own body', async t => {
  const clock = { now: sunset }
  const app = await posts(clock)
  const put = await app.inject({ method: 'PUT', url: '/posts/1' })
  t.equal(put.statusCode, 405)
  t.same(put.json(), {
    statusCode: 405,
    code: 'FST_ERR_METHOD_NOT_ALLOWED',
    error: 'Method Not Allowed',
    message: `Method PUT was retired on 2027-06-30 for /posts/1; use PATCH (${link}); allowed: GET, HEAD, OPTIONS, PATCH`,
    use: 'PATCH',
    link
  })
  t.equal(put.headers['content-length'], String(Buffer.byteLength(put.body)))

  const own = await posts(clock, app => app.setErrorHandler((error: FastifyError, _request, reply) => {
    reply.code(405).send({ problem: error.message })
  }))
  t.same((await own.inject({ method: 'PUT', url: '/posts/1' })).json(), {
    problem: `Method PUT was retired on 2027-06-30 for /posts/1; use PATCH (${link}); allowed: GET, HEAD, OPTIONS, PATCH`
  })
  const extended = await posts(clock, app => app.setErrorHandler((error: FastifyError, _request, reply) => {
    reply.code(405).send({ statusCode: 405, code: error.code, error: 'Method Not Allowed', message: error.message, trace: 'abc' })
  }))
  t.same(Object.keys((await extended.inject({ method: 'PUT', url: '/posts/1' })).json()), ['statusCode', 'code', 'error', 'message', 'trace'])
})

t.test('a deprecated method\'s own 405 and its own hooks are left as they are', async t => {
  const app = await build({ clock: () => declaredAt })
  app.put('/own', {
    config: { methodNotAllowed: { deprecated: { PUT: { since: '2026-12-01', use: 'GET', link } } } },
    onRequest: [async (_request, reply) => { reply.header('x-first', 'kept') }],
    onSend: async (_request, reply, payload) => { reply.header('x-own', 'kept'); return payload }
  }, async () => { throw new errors.FST_ERR_METHOD_NOT_ALLOWED('PUT', '/own', 'GET') })
  app.get('/own', async () => 'own')
  const res = await app.inject({ method: 'PUT', url: '/own' })
  t.same(res.json(), body405('PUT', '/own', 'GET'))
  t.equal(res.headers['x-own'], 'kept')
  t.equal(res.headers['x-first'], 'kept')
  t.equal(res.headers.link, `<${link}>; rel="deprecation"`)
})

t.test('a retired method names use only where the URL\'s Allow lists it', async t => {
  const app = await build({ clock: () => sunset })
  app.get('/', { config: { methodNotAllowed: { deprecated: { GET: { retired: true } } } } }, async () => 'root')
  app.route({ method: ['GET', 'DELETE'], url: '/:slug', config: { methodNotAllowed: { deprecated: { DELETE: { since: '2026-12-01', sunset: '2027-06-30', use: 'GET', link } } } }, handler: async () => 'slug' })

  t.same((await app.inject({ method: 'DELETE', url: '/x' })).json(), {
    ...body405('DELETE', '/x', 'GET, HEAD, OPTIONS'),
    message: `Method DELETE was retired on 2027-06-30 for /x; use GET (${link}); allowed: GET, HEAD, OPTIONS`,
    use: 'GET',
    link
  })
  // find-my-way matches `/` with /:slug for DELETE; GET / is retired by its own route.
  t.same((await app.inject({ method: 'DELETE', url: '/' })).json(), {
    ...body405('DELETE', '/', 'OPTIONS'),
    message: `Method DELETE was retired on 2027-06-30 for /; see ${link}; allowed: OPTIONS`,
    link
  })
})

t.test('a repeated 405 follows the clock across a sunset, forward and back', async t => {
  const clock = { now: declaredAt }
  const app = await posts(clock)
  const before = 'GET, HEAD, OPTIONS, PATCH, PUT'
  const after = 'GET, HEAD, OPTIONS, PATCH'
  for (const [now, allow] of [[sunset - 1, before], [sunset, after], [sunset - 1, before], [sunset + 1, after]] as const) {
    clock.now = now
    // More repeats than the cache needs to admit the URL (one miss in eight).
    for (let i = 0; i < 20; i++) {
      const del = await app.inject({ method: 'DELETE', url: '/posts/1' })
      t.equal(del.headers.allow, allow, `405 number ${i + 1} at ${now}`)
    }
  }
})

t.test('a retiring route retires its method only where it is the route that serves it', async t => {
  const clock = { now: sunset }
  const app = await build({ clock: () => clock.now })
  const gone = { methodNotAllowed: { deprecated: { GET: { since: '2026-12-01', sunset: '2027-06-30' } } } }
  app.get('/posts/:id', { config: gone }, async () => 'post')
  app.get('/posts/new', async () => 'form')
  app.get('/posts/:id/comments', async () => 'comments')
  app.get('/:page', async () => 'page')
  app.get('/files/*', { config: gone }, async () => 'file')
  app.get('/files/readme', async () => 'readme')
  app.get('/elsewhere/:id', async () => 'elsewhere')
  for (const method of ['DELETE', 'PATCH']) app.route({ method, url: '/*', handler: async () => 'any' })
  await app.ready()
  for (const [url, allow] of [
    ['/posts/1', 'DELETE, OPTIONS, PATCH'],
    ['/posts/new', 'DELETE, GET, HEAD, OPTIONS, PATCH'],
    ['/posts/1/comments', 'DELETE, GET, HEAD, OPTIONS, PATCH'],
    ['/posts', 'DELETE, GET, HEAD, OPTIONS, PATCH'],
    ['/files/a/b', 'DELETE, OPTIONS, PATCH'],
    ['/files/readme', 'DELETE, GET, HEAD, OPTIONS, PATCH'],
    ['/elsewhere/1', 'DELETE, GET, HEAD, OPTIONS, PATCH']
  ]) {
    t.same(app.allowedMethods(url), allow.split(', '), url)
    const put = await app.inject({ method: 'PUT', url })
    t.equal(put.statusCode, 405, `PUT ${url}`)
    t.equal(put.headers.allow, allow, `PUT ${url}`)
  }
})

t.test('a retiring route alone in its paths is found for paths only the router can read', async t => {
  const clock = { now: sunset }
  const app = await build({ clock: () => clock.now })
  const gone = { methodNotAllowed: { deprecated: { GET: { since: '2026-12-01', sunset: '2027-06-30' } } } }
  app.get('/old/:id', { config: gone }, async () => 'old')
  app.put('/old/:id', async () => 'put')
  app.get('/new/:id', async () => 'new')
  await app.ready()
  for (const url of ['/old/1', '/%6Fld/1', '/old/%31']) {
    const del = await app.inject({ method: 'DELETE', url })
    t.equal(del.statusCode, 405, url)
    t.equal(del.headers.allow, 'OPTIONS, PUT', url)
  }
  for (const url of ['/new/1', '/%6Eew/1']) {
    t.equal((await app.inject({ method: 'DELETE', url })).headers.allow, 'GET, HEAD, OPTIONS', url)
  }
  clock.now = sunset - 1
  t.equal((await app.inject({ method: 'DELETE', url: '/%6Fld/1' })).headers.allow, 'GET, HEAD, OPTIONS, PUT')
})
