import t from 'tap'
import Fastify from 'fastify'
import cors from '@fastify/cors'
import methodNotAllowed from '../../lib/plugin'
import { build } from '../helpers/app'

// Each case is a way fastify-allow answers wrongly (it rebuilds routing with
// regexes); these pin that we answer as Fastify's router routes.

t.test('fastify-allow bug: a query string turns a 405 into a 404', async t => {
  const app = await build()
  app.get('/foo', async () => 'foo')
  const res = await app.inject({ method: 'DELETE', url: '/foo?x=1' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
})

t.test('fastify-allow bug: a static route overlapping a param route loses the param route\'s methods', async t => {
  const app = await build()
  app.get('/users/me', async () => 'me')
  app.put('/users/:id', async () => 'put')
  const res = await app.inject({ method: 'DELETE', url: '/users/me' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS, PUT')
})

t.test('fastify-allow bug: method arrays produce a malformed Allow ("GET,POST, HEAD")', async t => {
  const app = await build()
  app.route({ method: ['POST', 'GET', 'HEAD'], url: '/m', handler: async () => 'm' })
  const res = await app.inject({ method: 'PUT', url: '/m' })
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS, POST')
})

t.test('fastify-allow bug: PATCH counts as allowed where only a custom PROPPATCH is routed', async t => {
  const app = Fastify()
  app.addHttpMethod('PROPPATCH', { hasBody: true })
  await app.register(methodNotAllowed)
  app.route({ method: 'PROPPATCH', url: '/dav', handler: async () => 'proppatch' })
  const res = await app.inject({ method: 'PATCH', url: '/dav', payload: {} })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'OPTIONS, PROPPATCH')
})

t.test('fastify-allow bug: a prefixed "/" route answers 404 on /prefix and /prefix/', async t => {
  const app = await build()
  await app.register(async instance => { instance.get('/', async () => 'index') }, { prefix: '/api' })
  for (const url of ['/api', '/api/']) {
    const res = await app.inject({ method: 'POST', url })
    t.equal(res.statusCode, 405, url)
    t.equal(res.headers.allow, 'GET, HEAD, OPTIONS', url)
  }
})

t.test('fastify-allow bug: routes declared before the plugin are ignored', async t => {
  const app = Fastify()
  app.get('/before', async () => 'before')
  await app.register(methodNotAllowed)
  t.equal((await app.inject({ method: 'POST', url: '/before' })).statusCode, 405)
})

t.test('fastify-allow bug: Fastify 5 routerOptions are not honoured', async t => {
  const app = await build(undefined, { routerOptions: { ignoreTrailingSlash: true, caseSensitive: false } })
  app.get('/Case', async () => 'case')
  const res = await app.inject({ method: 'POST', url: '/case/' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
})

t.test('fastify-allow bug: a 405 loses its CORS headers', async t => {
  const app = Fastify()
  await app.register(methodNotAllowed)
  await app.register(cors, { origin: 'https://app.example' })
  app.get('/c', async () => 'c')
  const res = await app.inject({ method: 'DELETE', url: '/c', headers: { origin: 'https://app.example' } })
  t.equal(res.statusCode, 405)
  t.equal(res.headers['access-control-allow-origin'], 'https://app.example')
})
