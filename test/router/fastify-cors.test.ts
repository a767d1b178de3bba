import t from 'tap'
import Fastify from 'fastify'
import cors from '@fastify/cors'
import { corsStepsAside, runsCorsHook, splitCorsOptions, withoutPreflight } from '../../lib/router/fastify-cors'
import { readRoutes } from '../../lib/router/fastify-edge'

// lib/router/fastify-cors.ts assumes how @fastify/cors 11 reads its options and names its hook.

t.test('hook, hideOptionsRoute and logLevel are read once; the rest goes to each request', async t => {
  t.same(splitCorsOptions({ hook: 'preHandler', hideOptionsRoute: false, logLevel: 'warn', origin: 'https://app.example', maxAge: 5 }), {
    once: { hook: 'preHandler', hideOptionsRoute: false, logLevel: 'warn' },
    perRequest: { origin: 'https://app.example', maxAge: 5 }
  })
  t.same(splitCorsOptions({ credentials: true }), { once: {}, perRequest: { credentials: true } })
  t.same(withoutPreflight({ credentials: true }), { credentials: true, preflight: false })
})

t.test('origin: false makes @fastify/cors step aside: a preflight reaches the router', async t => {
  const app = Fastify()
  await app.register(cors, { delegator: (_request, callback) => { callback(null, corsStepsAside) } })
  app.get('/a', async () => 'a')
  const res = await app.inject({ method: 'OPTIONS', url: '/a', headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' } })
  t.equal(res.statusCode, 404)
  t.equal(res.headers['access-control-allow-origin'], undefined)
})

t.test('@fastify/cors\'s hook function carries the name the plugin looks for', async t => {
  const app = Fastify()
  await app.register(cors, { hook: 'preSerialization' })
  await app.ready()
  const options = readRoutes(app, ['OPTIONS'])
  t.ok(options.some(route => runsCorsHook(route.preSerialization())))
  t.notOk(runsCorsHook(['somethingElse']))
})
