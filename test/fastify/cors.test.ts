import t from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import cors, { type FastifyCorsOptions } from '@fastify/cors'
import methodNotAllowed from '../../lib/plugin'
import { body404, orders, registerWithCors, type Order } from '../helpers/app'

const origin = 'https://app.example'

async function withCors (order: Order, corsOptions: FastifyCorsOptions = { origin }): Promise<FastifyInstance> {
  const app = Fastify()
  await registerWithCors(app, order, corsOptions)
  app.get('/items/:id', async () => 'item')
  app.put('/items/:id', async () => 'put')
  return app
}

for (const order of orders) {
  t.test(`${order}: a preflight keeps the CORS answer`, async t => {
    const app = await withCors(order)
    const res = await app.inject({
      method: 'OPTIONS',
      url: '/items/1',
      headers: { origin, 'access-control-request-method': 'PUT' }
    })
    t.equal(res.statusCode, 204)
    t.equal(res.headers['access-control-allow-origin'], origin)
    t.equal(res.headers['access-control-allow-methods'], 'GET,HEAD,POST')
    t.equal(res.headers.allow, undefined)
  })

  t.test(`${order}: a 405 carries the CORS headers`, async t => {
    const app = await withCors(order)
    const res = await app.inject({ method: 'DELETE', url: '/items/1', headers: { origin } })
    t.equal(res.statusCode, 405)
    t.equal(res.headers.allow, 'GET, HEAD, OPTIONS, PUT')
    t.equal(res.headers['access-control-allow-origin'], origin)
  })

  t.test(`${order}: a 501 carries the CORS headers`, async t => {
    const app = await withCors(order)
    const res = await app.inject({ method: 'PURGE' as 'GET', url: '/items/1', headers: { origin } })
    t.equal(res.statusCode, 501)
    t.equal(res.headers['access-control-allow-origin'], origin)
  })

  t.test(`${order}: the hidden OPTIONS * route of cors makes no unknown URL a 405`, async t => {
    const app = await withCors(order)
    for (const method of ['GET', 'POST', 'DELETE'] as const) {
      const res = await app.inject({ method, url: '/unknown', headers: { origin } })
      t.equal(res.statusCode, 404, method)
      t.equal(res.headers.allow, undefined, method)
      t.same(res.json(), body404(method, '/unknown'))
    }
    t.same(app.allowedMethods('/unknown'), [])
    t.same(app.allowedMethods('/items/1'), ['GET', 'HEAD', 'OPTIONS', 'PUT'])
  })

  t.test(`${order}: with strictPreflight (cors' default) a plain OPTIONS gets cors' 400`, async t => {
    const app = await withCors(order)
    const res = await app.inject({ method: 'OPTIONS', url: '/items/1' })
    t.equal(res.statusCode, 400)
    t.equal(res.body, 'Invalid Preflight Request')
  })

  t.test(`${order}: static options: an origin function that answers false without an Origin gives plain OPTIONS the automatic answer (docs/interop.md; corsFromRoutes needs none)`, async t => {
    // CORS only where the browser sends an Origin: without one, cors steps
    // aside and its OPTIONS * route hands over to the automatic answer.
    const app = await withCors(order, {
      origin: (requestOrigin, callback) => callback(null, requestOrigin === undefined ? false : origin)
    })
    const plain = await app.inject({ method: 'OPTIONS', url: '/items/1' })
    t.equal(plain.statusCode, 200)
    t.equal(plain.headers.allow, 'GET, HEAD, OPTIONS, PUT')
    t.equal(plain.body, '')

    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/items/1',
      headers: { origin, 'access-control-request-method': 'PUT' }
    })
    t.equal(preflight.statusCode, 204)
    t.equal(preflight.headers['access-control-allow-origin'], origin)

    const unknown = await app.inject({ method: 'OPTIONS', url: '/unknown' })
    t.equal(unknown.statusCode, 404)
  })
}

t.test('a 405 keeps the CORS headers of @fastify/cors', async t => {
  const app = Fastify()
  await app.register(methodNotAllowed)
  await app.register(cors, { origin: 'https://app.example' })
  app.get('/c', async () => 'c')
  const res = await app.inject({ method: 'DELETE', url: '/c', headers: { origin: 'https://app.example' } })
  t.equal(res.statusCode, 405)
  t.equal(res.headers['access-control-allow-origin'], 'https://app.example')
})
