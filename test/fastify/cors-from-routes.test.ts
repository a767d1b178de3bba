import t from 'tap'
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import cors from '@fastify/cors'
import methodNotAllowed, { type FastifyMethodNotAllowedOptions } from '../../lib/plugin'
import { corsFromRoutes, preflightMethods, type CorsFromRoutesOptions } from '../../lib/integrations/cors'
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
// What @fastify/cors puts on a request it answers with these options: the
// delegator form always varies on Origin (index.js: `options.dynamic`).
const corsHeaders = { vary: 'Origin', 'access-control-allow-origin': origin, 'access-control-expose-headers': 'Allow' }

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
      // No allowedHeaders: cors reflects Access-Control-Request-Headers, so it varies on it too.
      vary: 'Origin, Access-Control-Request-Headers',
      'access-control-allow-methods': allowItems,
      'content-length': '0'
    })
    t.equal(res.body, '')
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

  t.test(`${order}: a preflight for an unknown URL: cors steps aside and Fastify answers 404`, async t => {
    const app = await withCors(order)
    const res = await app.inject(preflight('/nothing/here', 'PUT'))
    t.equal(res.statusCode, 404)
    const expected = json(body404('OPTIONS', '/nothing/here'))
    t.same(headersOf(res), { vary: 'Origin', ...expected.headers })
    t.equal(res.body, expected.body)
  })

  t.test(`${order}: a preflight for a hidden route's URL is answered as for an unknown URL`, async t => {
    const app = await withCors(order)
    const res = await app.inject(preflight('/admin/stats', 'GET'))
    t.equal(res.statusCode, 404)
    const expected = json(body404('OPTIONS', '/admin/stats'))
    t.same(headersOf(res), { vary: 'Origin', ...expected.headers })
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

  t.test(`${order}: only preflights read the route table`, async t => {
    const app = await withCors(order)
    await app.ready()
    const asked: string[] = []
    const server = app as unknown as Record<symbol, (url: string, request: FastifyRequest) => string[]>
    const methodsOf = server[preflightMethods]
    server[preflightMethods] = (url, request) => {
      asked.push(url)
      return methodsOf(url, request)
    }
    await app.inject({ method: 'GET', url: '/items/1', headers: { origin } })
    await app.inject({ method: 'PUT', url: '/items/1', headers: { origin } })
    await app.inject({ method: 'DELETE', url: '/items/1', headers: { origin } })
    await app.inject({ method: 'OPTIONS', url: '/items/1', headers: { origin } })
    await app.inject({ method: 'OPTIONS', url: '/items/1' })
    t.same(asked, [])
    await app.inject(preflight('/items/2?draft=1', 'PUT'))
    t.same(asked, ['/items/2?draft=1'])
  })
}

t.test('the query string does not change a preflight\'s answer', async t => {
  const app = await withCors('plugin first')
  const res = await app.inject(preflight('/items/1?draft=1', 'PUT'))
  t.equal(res.statusCode, 204)
  t.equal(res.headers['access-control-allow-methods'], allowItems)
})

t.test('without the plugin, a preflight fails with FST_ERR_METHOD_NOT_ALLOWED_NOT_REGISTERED; other requests still get CORS', async t => {
  const app = Fastify()
  await app.register(cors, corsFromRoutes({ origin }))
  app.get('/items/:id', async () => 'item')
  const res = await app.inject(preflight('/items/1', 'GET'))
  t.equal(res.statusCode, 500)
  t.same(res.json(), {
    statusCode: 500,
    code: 'FST_ERR_METHOD_NOT_ALLOWED_NOT_REGISTERED',
    error: 'Internal Server Error',
    message: 'fastify-method-not-allowed: corsFromRoutes() answers preflights from fastify.allowedMethods(), which this app does not have; register fastify-method-not-allowed on the root instance (before or after @fastify/cors)'
  })
  const get = await app.inject({ method: 'GET', url: '/items/1', headers: { origin } })
  t.equal(get.statusCode, 200)
  t.equal(get.headers['access-control-allow-origin'], origin)
})

t.test('an origin function still decides, per request', async t => {
  const app = await withCors('plugin first', {
    origin: (requestOrigin, callback) => callback(null, requestOrigin === origin)
  })
  const allowed = await app.inject(preflight('/items/1', 'PUT'))
  t.equal(allowed.statusCode, 204)
  t.equal(allowed.headers['access-control-allow-origin'], origin)
  t.equal(allowed.headers['access-control-allow-methods'], allowItems)

  // A refused origin: cors steps aside, its OPTIONS * route hands over to the
  // plugin, whose automatic OPTIONS carries no CORS header, so the browser
  // fails the preflight.
  const refused = await app.inject(preflight('/items/1', 'PUT', { origin: 'https://evil.example' }))
  t.equal(refused.statusCode, 200)
  t.same(headersOf(refused), { vary: 'Origin', allow: allowItems, 'content-length': '0' })
})

t.test('the other per-request options reach cors', async t => {
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
    vary: 'Origin',
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    'access-control-allow-methods': allowItems,
    'access-control-allow-headers': 'content-type, authorization',
    'access-control-max-age': '600',
    'cache-control': 'max-age=600',
    'content-length': '0'
  })
})

t.test('registration options go beside the delegator, where cors reads them', async t => {
  const registration = corsFromRoutes({ origin, hook: 'preHandler', hideOptionsRoute: false, logLevel: 'silent' })
  t.same(Object.keys(registration).sort(), ['delegator', 'hideOptionsRoute', 'hook', 'logLevel'])
  t.equal(registration.hook, 'preHandler')
  t.equal(registration.hideOptionsRoute, false)
  t.equal(registration.logLevel, 'silent')
  t.equal(registration.delegator.length, 2, 'a callback delegator: no promise per request')
  t.same(Object.keys(corsFromRoutes()), ['delegator'])

  const app = await withCors('plugin first', { origin, hook: 'preHandler', hideOptionsRoute: false })
  const res = await app.inject(preflight('/items/1', 'PUT'))
  t.equal(res.statusCode, 204)
  t.equal(res.headers['access-control-allow-methods'], allowItems)
  t.equal((await app.inject(preflight('/nothing', 'PUT'))).statusCode, 404)
  t.equal((await app.inject({ method: 'OPTIONS', url: '/items/1' })).headers.allow, allowItems)
})

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
      vary: 'Origin, Access-Control-Request-Headers',
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
        vary: 'Origin, Access-Control-Request-Headers',
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
