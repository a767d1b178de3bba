import t from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import cors, { type FastifyCorsOptions } from '@fastify/cors'
import methodNotAllowed from '../../lib/plugin'
import { corsFromRoutes, type CorsFromRoutesOptions } from '../../lib/integrations/cors'
import { orders, registerWithCors, type CorsRegistration, type Order } from '../helpers/app'

const origin = 'https://app.example'
const allowItems = 'GET, HEAD, OPTIONS, PUT'

/** Every `hook` value @fastify/cors 11 accepts but preSerialization (index.js validHooks). */
const hooks = ['onRequest', 'preParsing', 'preValidation', 'preHandler'] as const
type Hook = typeof hooks[number] | 'preSerialization'

/** How the app hands @fastify/cors its options: as they are, or through corsFromRoutes(). */
const forms = ['static options', 'corsFromRoutes'] as const
type Form = typeof forms[number]

function corsOptions (form: Form, hook: Hook, extra: CorsFromRoutesOptions = {}): CorsRegistration {
  const options = { origin, exposedHeaders: ['Allow'], ...extra }
  // preflight: false lets plain OPTIONS through to the automatic answer, as corsFromRoutes does.
  return form === 'corsFromRoutes'
    ? corsFromRoutes({ ...options, hook: hook as typeof hooks[number] })
    : { ...options, hook, methods: ['GET', 'PUT'], preflight: false }
}

async function withCors (order: Order, form: Form, hook: Hook): Promise<FastifyInstance> {
  const app = Fastify()
  await registerWithCors(app, order, corsOptions(form, hook))
  app.get('/items/:id', async () => 'item')
  app.put('/items/:id', async () => 'put')
  return app
}

/** What @fastify/cors sets on every answer with these options (a fixed origin string varies on nothing). */
function corsHeadersOf (res: { headers: Record<string, unknown> }): Record<string, unknown> {
  return {
    'access-control-allow-origin': res.headers['access-control-allow-origin'],
    'access-control-expose-headers': res.headers['access-control-expose-headers'],
    vary: res.headers.vary
  }
}

for (const form of forms) {
  const base = {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': 'Allow',
    vary: undefined
  }
  for (const hook of hooks) {
    for (const order of orders) {
      t.test(`${form}, hook ${hook}, ${order}: 405, 501 and automatic OPTIONS answers carry cors' headers`, async t => {
        const app = await withCors(order, form, hook)
        const del = await app.inject({ method: 'DELETE', url: '/items/1', headers: { origin } })
        t.equal(del.statusCode, 405)
        t.equal(del.headers.allow, allowItems)
        t.same(corsHeadersOf(del), base)

        const purge = await app.inject({ method: 'PURGE' as 'GET', url: '/items/1', headers: { origin } })
        t.equal(purge.statusCode, 501)
        t.same(corsHeadersOf(purge), base)

        const options = await app.inject({ method: 'OPTIONS', url: '/items/1', headers: { origin } })
        t.equal(options.statusCode, 200)
        t.equal(options.headers.allow, allowItems)
        t.same(corsHeadersOf(options), base)
      })

      t.test(`${form}, hook ${hook}, ${order}: a preflight gets cors' answer`, async t => {
        const app = await withCors(order, form, hook)
        const res = await app.inject({ method: 'OPTIONS', url: '/items/1', headers: { origin, 'access-control-request-method': 'PUT' } })
        if (form === 'static options') {
          // preflight: false: cors adds its headers and the automatic OPTIONS answers.
          t.equal(res.statusCode, 200)
          t.equal(res.headers.allow, allowItems)
          t.equal(res.headers['access-control-allow-methods'], undefined)
        } else {
          t.equal(res.statusCode, 204)
          t.equal(res.headers['access-control-allow-methods'], allowItems)
        }
        t.equal(res.headers['access-control-allow-origin'], origin)
      })
    }
  }
}

for (const order of orders) {
  for (const options of [{ origin }, { origin, preflight: false }, { origin, strictPreflight: false }, { origin, preflightContinue: true }]) {
    t.test(`${order}: @fastify/cors with hook preSerialization fails ready(), naming the option (${JSON.stringify(options)})`, async t => {
      const app = Fastify()
      await t.rejects(registerWithCors(app, order, { ...options, hook: 'preSerialization' }).then(async () => await app.ready()), {
        code: 'FST_ERR_METHOD_NOT_ALLOWED_CORS_HOOK',
        message: /^fastify-method-not-allowed: @fastify\/cors is registered with hook: 'preSerialization'/
      })
    })
  }

  t.test(`${order}: a delegator form with hook preSerialization fails ready() too`, async t => {
    const app = Fastify()
    const registration: FastifyCorsOptions = { delegator: (_request, callback) => { callback(null, { origin }) }, hook: 'preSerialization' }
    await t.rejects(registerWithCors(app, order, registration).then(async () => await app.ready()), {
      code: 'FST_ERR_METHOD_NOT_ALLOWED_CORS_HOOK'
    })
  })
}

t.test('corsFromRoutes refuses hook preSerialization at once, naming the option', async t => {
  t.throws(() => corsFromRoutes({ origin, hook: 'preSerialization' } as unknown as CorsFromRoutesOptions), {
    code: 'FST_ERR_METHOD_NOT_ALLOWED_INVALID_OPTION',
    message: /^fastify-method-not-allowed: invalid option "hook": /
  })
})

t.test('a preSerialization hook of the app\'s own, beside cors on onRequest, is no reason to fail', async t => {
  const app = Fastify()
  await registerWithCors(app, 'plugin first', { origin })
  app.addHook('preSerialization', async (_request, _reply, payload) => payload)
  app.get('/items/:id', async () => ({ id: 1 }))
  await app.ready()
  const res = await app.inject({ method: 'DELETE', url: '/items/1', headers: { origin } })
  t.equal(res.statusCode, 405)
  t.equal(res.headers['access-control-allow-origin'], origin)
})

t.test('@fastify/cors in an encapsulated context with hook preSerialization fails ready() too', async t => {
  const app = Fastify()
  await app.register(methodNotAllowed)
  await app.register(async child => {
    await child.register(cors, { origin, hook: 'preSerialization' })
    child.get('/', async () => ({}))
  }, { prefix: '/sub' })
  await t.rejects(async () => await app.ready(), { code: 'FST_ERR_METHOD_NOT_ALLOWED_CORS_HOOK' })
})
