import t from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import cors from '@fastify/cors'
import { corsAllowed, corsStepsAside, markCorsPreflight, runsCorsHook, withoutPreflight } from '../../lib/router/fastify-cors'
import { readRoutes } from '../../lib/router/fastify-edge'

// lib/router/fastify-cors.ts assumes how @fastify/cors 11 reads its options and names its hook.

const origin = 'https://app.example'
const preflight = { method: 'OPTIONS' as const, url: '/a', headers: { origin, 'access-control-request-method': 'GET' } }

t.test('static options with preflight: false: cors adds its headers to a preflight and goes on to its OPTIONS * route, which hands over to the 404', async t => {
  t.same(withoutPreflight({ credentials: true }), { credentials: true, preflight: false })
  const app = Fastify()
  await app.register(cors, withoutPreflight({ origin, exposedHeaders: 'Allow' }))
  app.get('/a', async () => 'a')
  const res = await app.inject(preflight)
  t.equal(res.statusCode, 404)
  t.equal(res.headers['access-control-allow-origin'], origin)
  t.equal(res.headers['access-control-allow-methods'], undefined)
  // A fixed origin string: cors does not vary on Origin.
  t.equal(res.headers.vary, undefined)
})

t.test('the headers cors sets for an accepted origin, and none of Access-Control-Allow-Origin for a refused one', async t => {
  const seen: Array<[boolean, Record<string, unknown>]> = []
  const app = Fastify()
  await app.register(cors, withoutPreflight({ origin: [origin], credentials: true, exposedHeaders: ['Allow', 'ETag'] }))
  app.addHook('onRequest', async (_request, reply) => {
    const allowed = corsAllowed(reply)
    corsStepsAside(reply)
    seen.push([allowed, reply.getHeaders()])
  })
  app.get('/a', async () => 'a')
  const accepted = await app.inject({ method: 'GET', url: '/a', headers: { origin } })
  const refused = await app.inject({ method: 'GET', url: '/a', headers: { origin: 'https://evil.test' } })
  t.same(seen, [[true, { vary: 'Origin' }], [false, { vary: 'Origin' }]])
  // Without the hook above, cors' headers: exactly those corsStepsAside takes back.
  const alone = Fastify()
  await alone.register(cors, withoutPreflight({ origin: [origin], credentials: true, exposedHeaders: ['Allow', 'ETag'] }))
  alone.get('/a', async () => 'a')
  const res = await alone.inject({ method: 'GET', url: '/a', headers: { origin } })
  t.same(Object.keys(res.headers).filter(name => name.startsWith('access-control-')).sort(), ['access-control-allow-credentials', 'access-control-allow-origin', 'access-control-expose-headers'])
  t.equal(accepted.statusCode, 200)
  t.equal(refused.statusCode, 200)
})

t.test('a marked preflight makes cors\' OPTIONS * route answer an empty 200 instead of handing over to the 404', async t => {
  const app = Fastify()
  await app.register(cors, withoutPreflight({ origin }))
  app.addHook('onRequest', async request => { markCorsPreflight(request) })
  const res = await app.inject(preflight)
  t.equal(res.statusCode, 200)
  t.equal(res.body, '')
})

t.test('Fastify\'s register() hands a function of options the instance that cors, wrapped with fastify-plugin, adds its hook to', async t => {
  const app = Fastify()
  let given: FastifyInstance | undefined
  await app.register(async child => {
    await child.register(cors, (instance: FastifyInstance) => {
      given = instance
      return { origin }
    })
    t.equal(given, child)
    child.get('/a', async () => 'a')
  })
  const res = await app.inject({ method: 'GET', url: '/a', headers: { origin } })
  t.equal(res.headers['access-control-allow-origin'], origin)
})

t.test('@fastify/cors\'s hook function carries the name the plugin looks for', async t => {
  const app = Fastify()
  await app.register(cors, { hook: 'preSerialization' })
  await app.ready()
  const options = readRoutes(app, ['OPTIONS'])
  t.ok(options.some(route => runsCorsHook(route.preSerialization())))
  t.notOk(runsCorsHook(['somethingElse']))
})
