import t from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import cors from '@fastify/cors'
import methodNotAllowed, { type FastifyMethodNotAllowedOptions } from '../../lib/plugin'
import { corsFromRoutes, type CorsFromRoutesOptions } from '../../lib/integrations/cors'
import { body404, body405, orders, registerWithCors, type Order } from '../helpers/app'

const origin = 'https://app.example'

async function withCors (order: Order, options: CorsFromRoutesOptions = { origin, exposedHeaders: ['Allow'] }, pluginOptions: FastifyMethodNotAllowedOptions = {}): Promise<FastifyInstance> {
  const app = Fastify()
  await registerWithCors(app, order, corsFromRoutes(options), pluginOptions)
  app.get('/items/:id', async () => 'item')
  app.put('/items/:id', async () => 'put')
  app.get('/admin/stats', { config: { methodNotAllowed: false } }, async () => 'stats')
  return app
}

function preflight (url: string, method: string, headers: Record<string, string> = {}): { method: 'OPTIONS', url: string, headers: Record<string, string> } {
  return { method: 'OPTIONS', url, headers: { origin, 'access-control-request-method': method, ...headers } }
}

const allowItems = 'GET, HEAD, OPTIONS, PUT'
// What @fastify/cors puts on a request it answers with these options: a fixed
// origin string is the same for every request, so nothing varies on Origin.
const corsHeaders = { 'access-control-allow-origin': origin, 'access-control-expose-headers': 'Allow' }

/** The body and body headers of a JSON answer, exactly as sent. */
function json (body: Record<string, unknown>): { body: string, headers: Record<string, string> } {
  const text = JSON.stringify(body)
  return { body: text, headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) } }
}

/** The headers of a response, without the ones every response has. */
function headersOf (res: { headers: Record<string, unknown> }): Record<string, unknown> {
  const { date, connection, ...rest } = res.headers
  return rest
}

for (const order of orders) {
  t.test(`${order}: a preflight for a method the URL routes passes, with the URL's Allow list and no methods option`, async t => {
    const app = await withCors(order)
    const res = await app.inject(preflight('/items/1', 'PUT'))
    t.equal(res.statusCode, 204)
    t.same(headersOf(res), {
      ...corsHeaders,
      // No allowedHeaders: the answer reflects Access-Control-Request-Headers, so it varies on it.
      vary: 'Access-Control-Request-Headers',
      'access-control-allow-methods': allowItems,
      'content-length': '0'
    })
    t.equal(res.body, '')
    const reflected = await app.inject(preflight('/items/1', 'PUT', { 'access-control-request-headers': 'content-type, x-token' }))
    t.equal(reflected.statusCode, 204)
    t.equal(reflected.headers['access-control-allow-headers'], 'content-type, x-token')
  })

  t.test(`${order}: a preflight for a method the URL does not route gets the list without it, which fails it`, async t => {
    const app = await withCors(order)
    const res = await app.inject(preflight('/items/1', 'DELETE'))
    t.equal(res.statusCode, 204)
    t.equal(res.headers['access-control-allow-methods'], allowItems)
    t.notMatch(res.headers['access-control-allow-methods'], /DELETE/)
    t.equal(res.headers['access-control-allow-origin'], origin)
    t.equal(res.headers.allow, undefined)
  })

  t.test(`${order}: a preflight for an unknown URL gets Fastify's 404 without CORS headers`, async t => {
    const app = await withCors(order, { origin, exposedHeaders: ['Allow'], credentials: true })
    const res = await app.inject(preflight('/nothing/here', 'PUT'))
    t.equal(res.statusCode, 404)
    const expected = json(body404('OPTIONS', '/nothing/here'))
    t.same(headersOf(res), expected.headers)
    t.equal(res.body, expected.body)
  })

  t.test(`${order}: a preflight for a hidden route's URL is answered as for an unknown URL`, async t => {
    const app = await withCors(order)
    const res = await app.inject(preflight('/admin/stats', 'GET'))
    t.equal(res.statusCode, 404)
    const expected = json(body404('OPTIONS', '/admin/stats'))
    t.same(headersOf(res), expected.headers)
    t.equal(res.body, expected.body)
    // The hidden route itself still gets its CORS headers.
    const get = await app.inject({ method: 'GET', url: '/admin/stats', headers: { origin } })
    t.equal(get.statusCode, 200)
    t.equal(get.body, 'stats')
    t.equal(get.headers['access-control-allow-origin'], origin)
  })

  t.test(`${order}: a plain OPTIONS gets the automatic 200 + Allow, not strictPreflight's 400`, async t => {
    const app = await withCors(order)
    const cases: Array<[string, Record<string, string>]> = [
      ['no Origin, no Access-Control-Request-Method', {}],
      ['Origin alone: a cross-origin OPTIONS request, not a preflight', { origin }],
      ['Access-Control-Request-Method without Origin: no CORS request', { 'access-control-request-method': 'PUT' }]
    ]
    for (const [why, headers] of cases) {
      const res = await app.inject({ method: 'OPTIONS', url: '/items/1', headers })
      t.equal(res.statusCode, 200, why)
      // cors' origin is a fixed string, so it sends it with or without an Origin (as on any request).
      t.same(headersOf(res), { ...corsHeaders, allow: allowItems, 'content-length': '0' }, why)
      t.equal(res.body, '', why)
    }
    const unknown = await app.inject({ method: 'OPTIONS', url: '/nothing' })
    t.equal(unknown.statusCode, 404)
    t.equal(unknown.body, json(body404('OPTIONS', '/nothing')).body)
  })

  t.test(`${order}: actual CORS requests keep their CORS headers: a matched route, a 405 and a 404`, async t => {
    const app = await withCors(order)
    const put = await app.inject({ method: 'PUT', url: '/items/1', headers: { origin } })
    t.equal(put.statusCode, 200)
    t.same(headersOf(put), { ...corsHeaders, 'content-type': 'text/plain; charset=utf-8', 'content-length': '3' })
    t.equal(put.body, 'put')

    const del = await app.inject({ method: 'DELETE', url: '/items/1', headers: { origin } })
    t.equal(del.statusCode, 405)
    const expected405 = json(body405('DELETE', '/items/1', allowItems))
    t.same(headersOf(del), { ...corsHeaders, allow: allowItems, ...expected405.headers })
    t.equal(del.body, expected405.body)

    const unknown = await app.inject({ method: 'GET', url: '/nothing', headers: { origin } })
    t.equal(unknown.statusCode, 404)
    const expected404 = json(body404('GET', '/nothing'))
    t.same(headersOf(unknown), { ...corsHeaders, ...expected404.headers })
    t.equal(unknown.body, expected404.body)
  })

  t.test(`${order}: only OPTIONS routes get the preflight hook, right after cors' own, and only preflights ask the router there`, async t => {
    const app = await withCors(order)
    await app.ready()
    const routes = app.printRoutes({ includeHooks: true, commonPrefix: false })
    t.match(routes, /\* \(OPTIONS\)\n\s+• \(onRequest\) \["handleCors\(\)","answerPreflightFromRoutes\(\)"\]/)
    t.equal(routes.match(/answerPreflightFromRoutes/g)?.length, 1)
    const asked: string[] = []
    const findRoute = app.findRoute.bind(app)
    app.findRoute = (options => {
      asked.push(options.url)
      return findRoute(options)
    }) as typeof app.findRoute
    await app.inject({ method: 'GET', url: '/items/1', headers: { origin } })
    await app.inject({ method: 'PUT', url: '/items/1', headers: { origin } })
    t.same(asked, [])
    await app.inject(preflight('/items/2?draft=1', 'PUT'))
    t.ok(asked.length > 0)
    t.ok(asked.every(url => url === '/items/2'))
  })
}

t.test('the query string does not change a preflight\'s answer', async t => {
  const app = await withCors('plugin first')
  const res = await app.inject(preflight('/items/1?draft=1', 'PUT'))
  t.equal(res.statusCode, 204)
  t.equal(res.headers['access-control-allow-methods'], allowItems)
})

t.test('without the plugin, ready() fails with FST_ERR_METHOD_NOT_ALLOWED_NOT_REGISTERED', async t => {
  for (const where of ['root', 'encapsulated context']) {
    const app = Fastify()
    if (where === 'root') await app.register(cors, corsFromRoutes({ origin }))
    else await app.register(async child => { await child.register(cors, corsFromRoutes({ origin })) })
    app.get('/items/:id', async () => 'item')
    await t.rejects(async () => await app.ready(), {
      code: 'FST_ERR_METHOD_NOT_ALLOWED_NOT_REGISTERED',
      message: 'fastify-method-not-allowed: corsFromRoutes() answers preflights from fastify.allowedMethods(), which this app does not have; register fastify-method-not-allowed on the root instance (before or after @fastify/cors)'
    }, where)
  }
})

t.test('cors registered with corsFromRoutes() in an encapsulated context: its routes\' preflights get their lists, other URLs no CORS at all', async t => {
  const app = Fastify()
  await app.register(methodNotAllowed)
  await app.register(async child => {
    await child.register(cors, corsFromRoutes({ origin }))
    child.put('/items/:id', async () => 'put')
  }, { prefix: '/api' })
  app.get('/public', async () => 'public')
  const res = await app.inject(preflight('/api/items/1', 'PUT'))
  t.equal(res.statusCode, 204)
  t.equal(res.headers['access-control-allow-methods'], 'OPTIONS, PUT')
  const outside = await app.inject(preflight('/public', 'GET'))
  t.equal(outside.statusCode, 200)
  t.equal(outside.headers.allow, 'GET, HEAD, OPTIONS')
  t.equal(outside.headers['access-control-allow-origin'], undefined)
})

t.test('an origin function still decides, per request', async t => {
  const app = await withCors('plugin first', {
    origin: (requestOrigin, callback) => callback(null, requestOrigin === origin)
  })
  const allowed = await app.inject(preflight('/items/1', 'PUT'))
  t.equal(allowed.statusCode, 204)
  t.equal(allowed.headers['access-control-allow-origin'], origin)
  t.equal(allowed.headers['access-control-allow-methods'], allowItems)
  // cors varies on Origin for an origin function; the answer adds its own reason.
  t.equal(allowed.headers.vary, 'Origin, Access-Control-Request-Headers')

  // A refused origin: cors steps aside, its OPTIONS * route hands over to the
  // plugin, whose automatic OPTIONS carries no CORS header, so the browser
  // fails the preflight.
  const refused = await app.inject(preflight('/items/1', 'PUT', { origin: 'https://evil.example' }))
  t.equal(refused.statusCode, 200)
  t.same(headersOf(refused), { vary: 'Origin', allow: allowItems, 'content-length': '0' })
})

t.test('the other options shape the preflight answer', async t => {
  const app = await withCors('plugin first', {
    origin,
    credentials: true,
    allowedHeaders: ['content-type', 'authorization'],
    maxAge: 600,
    cacheControl: 600,
    optionsSuccessStatus: 200
  })
  const res = await app.inject(preflight('/items/1', 'PUT', { 'access-control-request-headers': 'content-type' }))
  t.equal(res.statusCode, 200)
  t.same(headersOf(res), {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    'access-control-allow-methods': allowItems,
    'access-control-allow-headers': 'content-type, authorization',
    'access-control-max-age': '600',
    'cache-control': 'max-age=600',
    'content-length': '0'
  })
  t.equal(res.body, '')
  // As in cors: an integer cacheControl is seconds, a string the field value, any other number none.
  for (const [cacheControl, expected] of [['no-store', 'no-store'], [1.5, undefined]] as const) {
    const other = await withCors('plugin first', { origin, cacheControl, allowedHeaders: 'x-token', maxAge: 0 })
    const answer = await other.inject(preflight('/items/1', 'PUT'))
    t.equal(answer.headers['cache-control'], expected, String(cacheControl))
    t.equal(answer.headers['access-control-allow-headers'], 'x-token')
    t.equal(answer.headers['access-control-max-age'], '0')
  }
})

t.test('registration options: static options for cors, with preflight: false, from a function of the instance', async t => {
  const registration = corsFromRoutes({ origin, hook: 'preHandler', hideOptionsRoute: false, logLevel: 'silent', maxAge: 5 })
  t.equal(typeof registration, 'function')
  t.same(registration(Fastify()), { origin, hook: 'preHandler', hideOptionsRoute: false, logLevel: 'silent', maxAge: 5, preflight: false })
  t.same(corsFromRoutes()(Fastify()), { preflight: false })

  const app = await withCors('plugin first', { origin, hook: 'preHandler', hideOptionsRoute: false })
  const res = await app.inject(preflight('/items/1', 'PUT'))
  t.equal(res.statusCode, 204)
  t.equal(res.headers['access-control-allow-methods'], allowItems)
  t.equal((await app.inject({ method: 'OPTIONS', url: '/items/1' })).headers.allow, allowItems)
})

for (const order of orders) {
  t.test(`${order}: hook preHandler: a preflight for an unknown URL meets cors' hook again in the not-found handler, and still gets the 404 without CORS headers`, async t => {
    const app = await withCors(order, { origin, hook: 'preHandler', exposedHeaders: ['Allow'] })
    const res = await app.inject(preflight('/nothing', 'PUT'))
    t.equal(res.statusCode, 404)
    t.same(headersOf(res), json(body404('OPTIONS', '/nothing')).headers)
    // Other 404s keep cors' headers.
    const get = await app.inject({ method: 'GET', url: '/nothing', headers: { origin, 'access-control-request-method': 'GET' } })
    t.equal(get.statusCode, 404)
    t.same(headersOf(get), { ...corsHeaders, ...json(body404('GET', '/nothing')).headers })
  })
}

t.test('without options: cors\' own defaults (any origin)', async t => {
  const app = Fastify()
  await app.register(methodNotAllowed)
  await app.register(cors, corsFromRoutes())
  app.put('/items/:id', async () => 'put')
  const res = await app.inject(preflight('/items/1', 'PUT'))
  t.equal(res.statusCode, 204)
  t.equal(res.headers['access-control-allow-origin'], '*')
  t.equal(res.headers['access-control-allow-methods'], 'OPTIONS, PUT')
})

t.test('options that corsFromRoutes decides fail at once, naming the option', async t => {
  const invalid = (key: string): RegExp => new RegExp(`^fastify-method-not-allowed: invalid option "${key}": corsFromRoutes\\(\\) `)
  for (const key of ['methods', 'delegator', 'preflight', 'strictPreflight']) {
    t.throws(() => corsFromRoutes({ origin, [key]: undefined } as CorsFromRoutesOptions), {
      code: 'FST_ERR_METHOD_NOT_ALLOWED_INVALID_OPTION',
      message: invalid(key)
    }, key)
  }
  for (const options of [null, 'https://app.example', 42]) {
    t.throws(() => corsFromRoutes(options as unknown as CorsFromRoutesOptions), {
      code: 'FST_ERR_METHOD_NOT_ALLOWED_INVALID_OPTION',
      message: 'fastify-method-not-allowed: invalid option "(corsFromRoutes options)": options must be an object'
    }, String(options))
  }
})

t.test('an OPTIONS route of the app\'s own: cors answers its preflights from the table, the route its plain OPTIONS', async t => {
  const app = await withCors('plugin first')
  app.options('/items/:id', async () => 'own options')
  const res = await app.inject(preflight('/items/1', 'PUT'))
  t.equal(res.statusCode, 204)
  t.equal(res.headers['access-control-allow-methods'], allowItems)
  const plain = await app.inject({ method: 'OPTIONS', url: '/items/1' })
  t.equal(plain.statusCode, 200)
  t.equal(plain.body, 'own options')
  t.equal(plain.headers.allow, undefined)
})

t.test('a URL that only a root catch-all serves is no resource: its preflight gets the 404, unless catchAllIsResource', async t => {
  for (const catchAllIsResource of [false, true]) {
    const app = await withCors('plugin first', undefined, { catchAllIsResource })
    app.get('/*', async () => 'spa')
    const res = await app.inject(preflight('/some/page', 'GET', { 'access-control-request-headers': 'authorization' }))
    if (catchAllIsResource) {
      t.equal(res.statusCode, 204)
      t.equal(res.headers['access-control-allow-methods'], 'GET, HEAD, OPTIONS')
    } else {
      t.equal(res.statusCode, 404)
      t.same(res.json(), body404('OPTIONS', '/some/page'))
    }
  }
})

t.test('host-constrained routes count for the Host the preflight carries', async t => {
  const app = await withCors('plugin first')
  app.put('/tenant', { constraints: { host: 'api.example' } }, async () => 'tenant')
  const res = await app.inject(preflight('/tenant', 'PUT', { host: 'api.example' }))
  t.equal(res.statusCode, 204)
  t.equal(res.headers['access-control-allow-methods'], 'OPTIONS, PUT')
  const elsewhere = await app.inject(preflight('/tenant', 'PUT', { host: 'other.example' }))
  t.equal(elsewhere.statusCode, 404)
  t.equal(elsewhere.headers['access-control-allow-methods'], undefined)
  t.equal(elsewhere.body, json(body404('OPTIONS', '/tenant')).body)
})

for (const order of orders) {
  t.test(`${order}: a URL that only the app's own OPTIONS route serves: its preflight gets cors' answer listing OPTIONS`, async t => {
    const app = await withCors(order)
    app.options('/upload', async () => 'own options')
    const res = await app.inject(preflight('/upload', 'OPTIONS'))
    t.equal(res.statusCode, 204)
    t.same(headersOf(res), {
      ...corsHeaders,
      vary: 'Access-Control-Request-Headers',
      'access-control-allow-methods': 'OPTIONS',
      'content-length': '0'
    })
    t.equal(res.body, '')
    // The table routes no PUT there: the list fails that preflight in the browser.
    const put = await app.inject(preflight('/upload', 'PUT'))
    t.equal(put.statusCode, 204)
    t.equal(put.headers['access-control-allow-methods'], 'OPTIONS')
    t.same(app.allowedMethods('/upload'), [])
    const plain = await app.inject({ method: 'OPTIONS', url: '/upload', headers: { origin } })
    t.equal(plain.statusCode, 200)
    t.equal(plain.body, 'own options')
    t.equal(plain.headers['access-control-allow-origin'], origin)
  })

  t.test(`${order}: with preflightContinue, the app's own OPTIONS route answers its preflights, with cors' headers and the table's list`, async t => {
    const app = await withCors(order, { origin, exposedHeaders: ['Allow'], preflightContinue: true })
    app.options('/upload', async () => 'own preflight')
    app.options('/items/:id', async () => 'own items preflight')
    for (const [url, allow, body] of [['/upload', 'OPTIONS', 'own preflight'], ['/items/1', allowItems, 'own items preflight']]) {
      const res = await app.inject(preflight(url, 'PUT'))
      t.equal(res.statusCode, 200, url)
      t.same(headersOf(res), {
        ...corsHeaders,
        vary: 'Access-Control-Request-Headers',
        'access-control-allow-methods': allow,
        'content-type': 'text/plain; charset=utf-8',
        'content-length': String(body.length)
      }, url)
      t.equal(res.body, body, url)
    }
    const unknown = await app.inject(preflight('/nothing', 'PUT'))
    t.equal(unknown.statusCode, 404)
    t.equal(unknown.headers['access-control-allow-origin'], undefined)
  })

  t.test(`${order}: a hidden OPTIONS route answers its preflights itself, without CORS headers`, async t => {
    const app = await withCors(order)
    app.options('/secret', { config: { methodNotAllowed: false } }, async () => 'secret options')
    const res = await app.inject(preflight('/secret', 'OPTIONS'))
    t.equal(res.statusCode, 200)
    t.equal(res.body, 'secret options')
    t.equal(res.headers['access-control-allow-origin'], undefined)
    t.equal(res.headers['access-control-allow-methods'], undefined)
  })
}

t.test('with preflightContinue and no OPTIONS route of the app\'s own, cors\' OPTIONS * route answers an empty 200, as with cors alone', async t => {
  const app = await withCors('plugin first', { origin, preflightContinue: true })
  const res = await app.inject(preflight('/items/1', 'PUT'))
  t.equal(res.statusCode, 200)
  t.same(headersOf(res), {
    'access-control-allow-origin': origin,
    vary: 'Access-Control-Request-Headers',
    'access-control-allow-methods': allowItems,
    'content-length': '0'
  })
  t.equal(res.body, '')
})

t.test('config.cors of an OPTIONS route of the app\'s own: false leaves its preflights to it, an object changes their answer', async t => {
  const app = await withCors('plugin first', { origin, maxAge: 600 })
  app.options('/own', { config: { cors: false } }, async () => 'own, without CORS')
  app.options('/items/:id', { config: { cors: { maxAge: 5, allowedHeaders: 'x-token', optionsSuccessStatus: 200 } } }, async () => 'own')
  const off = await app.inject(preflight('/own', 'OPTIONS'))
  t.equal(off.statusCode, 200)
  t.equal(off.body, 'own, without CORS')
  t.equal(off.headers['access-control-allow-origin'], undefined)
  t.equal(off.headers['access-control-allow-methods'], undefined)
  const changed = await app.inject(preflight('/items/1', 'PUT'))
  t.equal(changed.statusCode, 200)
  t.same(headersOf(changed), {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': allowItems,
    'access-control-allow-headers': 'x-token',
    'access-control-max-age': '5',
    'content-length': '0'
  })
  const elsewhere = await app.inject(preflight('/nothing', 'PUT'))
  t.equal(elsewhere.statusCode, 404)
})

t.test('a Vary the response has already keeps its fields, and `*` stays alone', async t => {
  for (const [before, after] of [['Accept-Encoding', 'Accept-Encoding, Access-Control-Request-Headers'], ['access-control-request-headers', 'access-control-request-headers'], ['*', '*']]) {
    const app = Fastify()
    app.addHook('onRequest', async (_request, reply) => { reply.header('vary', before) })
    await registerWithCors(app, 'plugin first', corsFromRoutes({ origin }))
    app.put('/items/:id', async () => 'put')
    const res = await app.inject(preflight('/items/1', 'PUT'))
    t.equal(res.statusCode, 204, before)
    t.equal(res.headers.vary, after, before)
  }
})

t.test('a route that serves GET and OPTIONS together: its GETs pass the preflight hook untouched', async t => {
  const app = await withCors('plugin first')
  app.route({ method: ['GET', 'OPTIONS'], url: '/both', handler: async () => 'both' })
  const get = await app.inject({ method: 'GET', url: '/both', headers: { origin, 'access-control-request-method': 'GET' } })
  t.equal(get.statusCode, 200)
  t.equal(get.body, 'both')
  t.equal(get.headers['access-control-allow-methods'], undefined)
  const res = await app.inject(preflight('/both', 'GET'))
  t.equal(res.statusCode, 204)
  t.equal(res.headers['access-control-allow-methods'], 'GET, HEAD, OPTIONS')
})
