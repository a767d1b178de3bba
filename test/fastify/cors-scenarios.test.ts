import t, { type Test } from 'tap'
import Fastify, { type FastifyInstance, type InjectOptions, type LightMyRequestResponse } from 'fastify'
import cors, { type FastifyCorsOptions } from '@fastify/cors'
import { corsFromRoutes, type CorsFromRoutesOptions } from '../../lib/integrations/cors'
import { body404, orders, registerWithCors, type CorsRegistration } from '../helpers/app'

/**
 * The preflight scenarios of @fastify/cors' own test suite (test/preflight.test.js,
 * cors.test.js, hooks.test.js), each run on an app without the plugin and on the
 * same app with the plugin registered before and after cors. Cors must answer
 * exactly as without the plugin, except where the plugin's contract says
 * otherwise: a 405 or 501 where Fastify would answer 404, and the automatic
 * OPTIONS where cors lets a plain OPTIONS through to a resource.
 */

const origin = 'https://app.example'
type Routes = (app: FastifyInstance) => void
type Answer = Pick<LightMyRequestResponse, 'statusCode' | 'body'> & { headers: Record<string, unknown> }

function answerOf (res: LightMyRequestResponse): Answer {
  const { date, connection, ...headers } = res.headers
  return { statusCode: res.statusCode, headers, body: res.body }
}

function preflight (url: string, method: string, headers: Record<string, string> = {}): InjectOptions {
  return { method: 'OPTIONS', url, headers: { origin, 'access-control-request-method': method, ...headers } }
}

/** Cors alone, then the plugin in either order: each request gets the answer cors alone gives, or `differs` says what instead. */
async function sameAsCorsAlone (t: Test, corsOptions: FastifyCorsOptions, routes: Routes, requests: InjectOptions[], differs: (request: InjectOptions, alone: Answer) => Answer | undefined = () => undefined): Promise<void> {
  const alone = Fastify()
  await alone.register(cors, corsOptions)
  routes(alone)
  const expected = await Promise.all(requests.map(async request => answerOf(await alone.inject(request))))
  for (const order of orders) {
    const app = Fastify()
    await registerWithCors(app, order, corsOptions)
    routes(app)
    for (const [i, request] of requests.entries()) {
      const res = answerOf(await app.inject(request))
      t.same(res, differs(request, expected[i]) ?? expected[i], `${order}: ${String(request.method)} ${String(request.url)} ${JSON.stringify(request.headers ?? {})}`)
    }
  }
}

const items: Routes = app => {
  app.get('/items/:id', async () => 'item')
  app.put('/items/:id', async () => 'put')
}
const allowItems = 'GET, HEAD, OPTIONS, PUT'

t.test('cors\' defaults: every preflight answered 204 in onRequest, whatever the URL', async t => {
  await sameAsCorsAlone(t, {}, items, [
    preflight('/items/1', 'PUT'),
    preflight('/items/1', 'DELETE'),
    preflight('/hello', 'GET'),
    preflight('/items/1', 'PUT', { 'access-control-request-headers': 'x-token' })
  ])
})

t.test('optionsSuccessStatus, methods, allowedHeaders, exposedHeaders, credentials, maxAge and cacheControl', async t => {
  await sameAsCorsAlone(t, {
    origin,
    methods: ['GET', 'PUT'],
    allowedHeaders: ['content-type'],
    exposedHeaders: 'Allow, ETag',
    credentials: true,
    maxAge: 600,
    cacheControl: 'max-age=60',
    optionsSuccessStatus: 200
  }, items, [preflight('/items/1', 'PUT'), preflight('/nothing', 'PUT')])
})

t.test('strictPreflight (cors\' default): an OPTIONS without Origin or without Access-Control-Request-Method gets cors\' 400', async t => {
  await sameAsCorsAlone(t, {}, items, [
    { method: 'OPTIONS', url: '/items/1' },
    { method: 'OPTIONS', url: '/items/1', headers: { 'access-control-request-method': 'GET' } },
    { method: 'OPTIONS', url: '/items/1', headers: { origin } }
  ])
})

t.test('strictPreflight: false: every OPTIONS gets cors\' preflight answer', async t => {
  await sameAsCorsAlone(t, { strictPreflight: false }, items, [
    { method: 'OPTIONS', url: '/items/1' },
    { method: 'OPTIONS', url: '/nothing' }
  ])
})

t.test('preflightContinue: an OPTIONS route of the app\'s own answers the preflight, with cors\' headers', async t => {
  await sameAsCorsAlone(t, { preflightContinue: true }, app => {
    items(app)
    app.options('/', async () => 'ok')
    app.options('/items/:id', async () => 'own')
  }, [preflight('/', 'GET'), preflight('/items/1', 'PUT')])
})

t.test('preflightContinue without a route of the app\'s own: cors\' OPTIONS * route answers an empty 200', async t => {
  await sameAsCorsAlone(t, { preflightContinue: true }, items, [preflight('/items/1', 'PUT'), preflight('/doesnotexist', 'GET')])
})

t.test('an OPTIONS route of the app\'s own without preflightContinue: cors answers preflights, the route the rest', async t => {
  await sameAsCorsAlone(t, { origin, strictPreflight: false }, app => {
    app.options('/', async () => 'ok')
  }, [preflight('/', 'GET'), { method: 'OPTIONS', url: '/' }])
})

for (const hook of ['onRequest', 'preParsing', 'preValidation', 'preHandler'] as const) {
  t.test(`hook ${hook}: preflights, matched routes and the hook's errors as without the plugin`, async t => {
    await sameAsCorsAlone(t, { origin, hook, exposedHeaders: ['Allow'] }, items, [
      preflight('/items/1', 'PUT'),
      preflight('/nothing', 'PUT'),
      { method: 'GET', url: '/items/1', headers: { origin } },
      { method: 'PUT', url: '/items/1', headers: { origin }, payload: 'x' },
      { method: 'OPTIONS', url: '/items/1' }
    ])
  })
}

t.test('preflight: false: cors\' headers on a plain OPTIONS, then the automatic OPTIONS for a resource, the 404 elsewhere', async t => {
  await sameAsCorsAlone(t, { origin, preflight: false, exposedHeaders: ['Allow'] }, items, [
    preflight('/items/1', 'PUT'),
    { method: 'OPTIONS', url: '/items/1', headers: { origin } },
    { method: 'OPTIONS', url: '/nothing', headers: { origin } }
  ], (request, alone) => {
    if (request.url !== '/items/1') return undefined
    const { 'content-type': json, ...headers } = alone.headers
    return { statusCode: 200, headers: { ...headers, allow: allowItems, 'content-length': '0' }, body: '' }
  })
})

t.test('origin variants: a 405 and a 501 carry what cors puts on the 404 they replace', async t => {
  const variants: Array<FastifyCorsOptions['origin']> = [
    '*', origin, [origin, 'https://other.example'], /\.example$/, true, false,
    (requestOrigin, callback) => callback(null, requestOrigin === origin),
    async (requestOrigin: string | undefined) => requestOrigin === origin
  ]
  for (const variant of variants) {
    for (const requestOrigin of [origin, 'https://evil.test', undefined]) {
      const headers = requestOrigin === undefined ? {} : { origin: requestOrigin }
      await sameAsCorsAlone(t, { origin: variant, credentials: true, exposedHeaders: 'Allow' }, items, [
        { method: 'DELETE', url: '/items/1', headers },
        { method: 'PURGE' as 'GET', url: '/items/1', headers },
        { method: 'DELETE', url: '/nothing', headers }
      ], (request, alone) => {
        if (request.url !== '/items/1') return undefined
        const { 'content-length': length, ...headersKept } = alone.headers
        if (request.method === 'DELETE') {
          const body = JSON.stringify({ statusCode: 405, code: 'FST_ERR_METHOD_NOT_ALLOWED', error: 'Method Not Allowed', message: `Method DELETE is not allowed for /items/1; allowed: ${allowItems}` })
          return { statusCode: 405, headers: { ...headersKept, allow: allowItems, 'content-length': String(body.length) }, body }
        }
        const body = JSON.stringify({ statusCode: 501, code: 'FST_ERR_METHOD_NOT_IMPLEMENTED', error: 'Not Implemented', message: 'Method PURGE is not implemented by this server' })
        return { statusCode: 501, headers: { ...headersKept, 'content-length': String(body.length) }, body }
      })
    }
  }
})

t.test('origin: false: cors steps aside; a preflight to a resource gets the automatic OPTIONS, elsewhere the 404', async t => {
  await sameAsCorsAlone(t, { origin: false }, items, [preflight('/items/1', 'PUT'), preflight('/nothing', 'PUT')], (request, alone) => {
    if (request.url !== '/items/1') return undefined
    t.equal(alone.statusCode, 404)
    return { statusCode: 200, headers: { allow: allowItems, 'content-length': '0' }, body: '' }
  })
})

t.test('cors under a prefix: its preflights there, a 404 elsewhere', async t => {
  const routes: Routes = app => {
    app.register(async child => {
      await child.register(cors)
      child.get('/hello', async () => 'hello')
    }, { prefix: '/subsystem' })
  }
  const alone = Fastify()
  routes(alone)
  const requests = [preflight('/hello', 'GET'), preflight('/subsystem/hello', 'GET'), preflight('/subsystem', 'GET'), preflight('/subsystemfoo', 'GET')]
  const expected = await Promise.all(requests.map(async request => answerOf(await alone.inject(request))))
  t.same(expected.map(answer => answer.statusCode), [404, 204, 204, 204])
  const { default: methodNotAllowed } = await import('../../lib/plugin')
  const app = Fastify()
  await app.register(methodNotAllowed)
  routes(app)
  for (const [i, request] of requests.entries()) {
    t.same(answerOf(await app.inject(request)), expected[i], String(request.url))
  }
})

t.test('hideOptionsRoute and logLevel reach cors\' OPTIONS * route in either order, with and without corsFromRoutes', async t => {
  const forms: Array<[string, (options: CorsFromRoutesOptions) => CorsRegistration]> = [
    ['static options', options => options as FastifyCorsOptions],
    ['corsFromRoutes', options => corsFromRoutes(options)]
  ]
  for (const [form, make] of forms) {
    for (const hideOptionsRoute of [undefined, false]) {
      for (const order of orders) {
        const app = Fastify()
        const seen: Array<[unknown, unknown]> = []
        app.addHook('onRoute', route => {
          if (route.method === 'OPTIONS' && route.url === '*') seen.push([route.schema?.hide, route.logLevel])
        })
        const options: CorsFromRoutesOptions = { logLevel: 'silent' }
        if (hideOptionsRoute !== undefined) options.hideOptionsRoute = hideOptionsRoute
        await registerWithCors(app, order, make(options))
        await app.ready()
        t.same(seen, [[hideOptionsRoute ?? true, 'silent']], `${form}, ${order}, hideOptionsRoute ${String(hideOptionsRoute)}`)
      }
    }
  }
})

t.test('corsFromRoutes: cors\' preflight options with the table\'s list, in either order', async t => {
  for (const order of orders) {
    const app = Fastify()
    await registerWithCors(app, order, corsFromRoutes({ origin: [origin], credentials: true, maxAge: 600, cacheControl: 600, optionsSuccessStatus: 200, allowedHeaders: 'content-type' }))
    items(app)
    const res = answerOf(await app.inject(preflight('/items/1', 'PUT')))
    t.same(res, {
      statusCode: 200,
      headers: {
        vary: 'Origin',
        'access-control-allow-origin': origin,
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': allowItems,
        'access-control-allow-headers': 'content-type',
        'access-control-max-age': '600',
        'cache-control': 'max-age=600',
        'content-length': '0'
      },
      body: ''
    }, order)
    const unknown = answerOf(await app.inject(preflight('/nothing', 'PUT')))
    t.same(unknown.statusCode, 404, order)
    t.equal(unknown.body, JSON.stringify(body404('OPTIONS', '/nothing')), order)
  }
})
