import t from 'tap'
import Fastify from 'fastify'
import methodNotAllowed from '../../lib/plugin'
import { build, body405, body404 } from '../helpers/app'

t.test('a wrong method on a routed URL answers 405 with the sorted Allow list', async t => {
  const app = await build()
  app.get('/posts/:id', async () => 'post')
  app.put('/posts/:id', async () => 'put')

  const res = await app.inject({ method: 'DELETE', url: '/posts/1' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS, PUT')
  t.equal(res.headers['content-type'], 'application/json; charset=utf-8')
  t.same(res.json(), body405('DELETE', '/posts/1', 'GET, HEAD, OPTIONS, PUT'))
})

t.test('an unknown URL keeps Fastify\'s 404', async t => {
  const app = await build()
  app.get('/posts/:id', async () => 'post')

  const res = await app.inject({ method: 'DELETE', url: '/nothing' })
  t.equal(res.statusCode, 404)
  t.equal(res.headers.allow, undefined)
  t.same(res.json(), body404('DELETE', '/nothing'))
})

t.test('matched routes answer as without the plugin', async t => {
  const app = await build()
  app.get('/posts/:id', async (request) => ({ id: (request.params as { id: string }).id }))

  const res = await app.inject({ method: 'GET', url: '/posts/7' })
  t.equal(res.statusCode, 200)
  t.equal(res.headers.allow, undefined)
  t.same(res.json(), { id: '7' })
})

t.test('a query string does not change the Allow list', async t => {
  const app = await build()
  app.get('/foo', async () => 'foo')

  const res = await app.inject({ method: 'DELETE', url: '/foo?x=1&y=%20' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
  t.same(res.json(), body405('DELETE', '/foo?x=1&y=%20', 'GET, HEAD, OPTIONS'))
})

t.test('Allow is the union of every route the router matches, static and parametric', async t => {
  const app = await build()
  app.get('/users/me', async () => 'me')
  app.patch('/users/:id', async () => 'patch')
  app.delete('/users/:id', async () => 'delete')

  const me = await app.inject({ method: 'POST', url: '/users/me' })
  t.equal(me.statusCode, 405)
  t.equal(me.headers.allow, 'DELETE, GET, HEAD, OPTIONS, PATCH')

  const other = await app.inject({ method: 'POST', url: '/users/42' })
  t.equal(other.statusCode, 405)
  t.equal(other.headers.allow, 'DELETE, OPTIONS, PATCH')
})

t.test('method arrays, all() and route() with several methods', async t => {
  const app = await build()
  app.route({ method: ['GET', 'POST'], url: '/form', handler: async () => 'form' })
  app.route({ method: 'put', url: '/lower', handler: async () => 'lower' })

  const form = await app.inject({ method: 'DELETE', url: '/form' })
  t.equal(form.statusCode, 405)
  t.equal(form.headers.allow, 'GET, HEAD, OPTIONS, POST')

  const lower = await app.inject({ method: 'GET', url: '/lower' })
  t.equal(lower.statusCode, 405)
  t.equal(lower.headers.allow, 'OPTIONS, PUT')
})

t.test('every supported method is answered 405 when not routed', async t => {
  const app = await build()
  app.get('/only-get', async () => 'get')
  // The decision runs where Fastify runs its 404 handler, after body parsing:
  // QUERY needs a Content-Type there, as it does for a 404.
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'TRACE', 'QUERY'] as const) {
    const res = await app.inject({ method, url: '/only-get', payload: { q: 1 } })
    t.equal(res.statusCode, 405, method)
    t.equal(res.headers.allow, 'GET, HEAD, OPTIONS', method)
  }
})

t.test('HEAD is listed exactly when the router serves HEAD', async t => {
  t.test('exposeHeadRoutes on (default): HEAD follows GET', async t => {
    const app = await build()
    app.get('/a', async () => 'a')
    const head = await app.inject({ method: 'HEAD', url: '/a' })
    t.equal(head.statusCode, 200)
    t.equal((await app.inject({ method: 'POST', url: '/a' })).headers.allow, 'GET, HEAD, OPTIONS')
  })

  t.test('exposeHeadRoutes off: HEAD is a 405 without a body', async t => {
    const app = await build(undefined, { exposeHeadRoutes: false })
    app.get('/a', async () => 'a')
    const head = await app.inject({ method: 'HEAD', url: '/a' })
    t.equal(head.statusCode, 405)
    t.equal(head.headers.allow, 'GET, OPTIONS')
    t.equal(head.body, '')
  })

  t.test('exposeHeadRoute: false on one route', async t => {
    const app = await build()
    app.get('/a', { exposeHeadRoute: false }, async () => 'a')
    app.get('/b', async () => 'b')
    t.equal((await app.inject({ method: 'POST', url: '/a' })).headers.allow, 'GET, OPTIONS')
    t.equal((await app.inject({ method: 'POST', url: '/b' })).headers.allow, 'GET, HEAD, OPTIONS')
  })
})

t.test('routes declared before the plugin are covered', async t => {
  const app = Fastify()
  app.get('/early', async () => 'early')
  await app.register(methodNotAllowed)
  app.post('/late', async () => 'late')

  const early = await app.inject({ method: 'PUT', url: '/early' })
  t.equal(early.statusCode, 405)
  t.equal(early.headers.allow, 'GET, HEAD, OPTIONS')
  const late = await app.inject({ method: 'PUT', url: '/late' })
  t.equal(late.statusCode, 405)
  t.equal(late.headers.allow, 'OPTIONS, POST')
})

t.test('routes in encapsulated and prefixed plugins are covered', async t => {
  const app = await build()
  await app.register(async function v1 (instance) {
    instance.get('/', async () => 'index')
    instance.get('/items/:id', async () => 'item')
    await instance.register(async function nested (inner) {
      inner.put('/deep', async () => 'deep')
    }, { prefix: '/nested' })
  }, { prefix: '/v1' })

  for (const url of ['/v1', '/v1/']) {
    const res = await app.inject({ method: 'POST', url })
    t.equal(res.statusCode, 405, url)
    t.equal(res.headers.allow, 'GET, HEAD, OPTIONS', url)
  }
  const item = await app.inject({ method: 'DELETE', url: '/v1/items/3' })
  t.equal(item.statusCode, 405)
  t.equal(item.headers.allow, 'GET, HEAD, OPTIONS')
  const deep = await app.inject({ method: 'GET', url: '/v1/nested/deep' })
  t.equal(deep.statusCode, 405)
  t.equal(deep.headers.allow, 'OPTIONS, PUT')
  t.equal((await app.inject({ method: 'GET', url: '/v1/nested' })).statusCode, 404)
})

t.test('regex params, multi-params and wildcards match as the router matches them', async t => {
  const app = await build()
  app.get('/orders/:id(^\\d+)', async () => 'order')
  app.get('/flights/:from-:to', async () => 'flight')
  app.get('/files/*', async () => 'file')

  const order = await app.inject({ method: 'POST', url: '/orders/12' })
  t.equal(order.statusCode, 405)
  t.equal(order.headers.allow, 'GET, HEAD, OPTIONS')
  t.equal((await app.inject({ method: 'POST', url: '/orders/abc' })).statusCode, 404)

  const flight = await app.inject({ method: 'PUT', url: '/flights/LHR-JFK' })
  t.equal(flight.statusCode, 405)
  t.equal(flight.headers.allow, 'GET, HEAD, OPTIONS')

  const file = await app.inject({ method: 'DELETE', url: '/files/a/b/c.txt' })
  t.equal(file.statusCode, 405)
  t.equal(file.headers.allow, 'GET, HEAD, OPTIONS')
})

t.test('percent-encoded paths match their decoded routes', async t => {
  const app = await build()
  app.get('/caf\u00e9', async () => 'cafe')
  app.get('/tags/:tag', async () => 'tag')

  const cafe = await app.inject({ method: 'POST', url: '/caf%C3%A9' })
  t.equal(cafe.statusCode, 405)
  t.equal(cafe.headers.allow, 'GET, HEAD, OPTIONS')
  const tag = await app.inject({ method: 'POST', url: '/tags/a%2Fb' })
  t.equal(tag.statusCode, 405)
  t.equal(tag.headers.allow, 'GET, HEAD, OPTIONS')
})

t.test('custom methods from addHttpMethod are routed and listed', async t => {
  const app = Fastify()
  app.addHttpMethod('PROPPATCH', { hasBody: true })
  app.addHttpMethod('MKCOL')
  await app.register(methodNotAllowed)
  app.route({ method: 'PROPPATCH', url: '/dav/:file', handler: async () => 'proppatch' })
  app.route({ method: 'MKCOL', url: '/dav/:file', handler: async () => 'mkcol' })

  const patch = await app.inject({ method: 'PATCH', url: '/dav/x' })
  t.equal(patch.statusCode, 405)
  t.equal(patch.headers.allow, 'MKCOL, OPTIONS, PROPPATCH')
  t.equal((await app.inject({ method: 'PROPPATCH', url: '/dav/x' })).body, 'proppatch')
})

t.test('a query string keeps the 405 and its Allow', async t => {
  const app = await build()
  app.get('/foo', async () => 'foo')
  const res = await app.inject({ method: 'DELETE', url: '/foo?x=1' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
})

t.test('where a static route overlaps a param route, Allow lists the methods of both', async t => {
  const app = await build()
  app.get('/users/me', async () => 'me')
  app.put('/users/:id', async () => 'put')
  const res = await app.inject({ method: 'DELETE', url: '/users/me' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS, PUT')
})

t.test('a route of several methods gives one well-formed, sorted Allow', async t => {
  const app = await build()
  app.route({ method: ['POST', 'GET', 'HEAD'], url: '/m', handler: async () => 'm' })
  const res = await app.inject({ method: 'PUT', url: '/m' })
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS, POST')
})

t.test('PATCH answers 405 where only a custom PROPPATCH is routed', async t => {
  const app = Fastify()
  app.addHttpMethod('PROPPATCH', { hasBody: true })
  await app.register(methodNotAllowed)
  app.route({ method: 'PROPPATCH', url: '/dav', handler: async () => 'proppatch' })
  const res = await app.inject({ method: 'PATCH', url: '/dav', payload: {} })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'OPTIONS, PROPPATCH')
})

t.test('a prefixed "/" route answers 405 on /prefix and /prefix/', async t => {
  const app = await build()
  await app.register(async instance => { instance.get('/', async () => 'index') }, { prefix: '/api' })
  for (const url of ['/api', '/api/']) {
    const res = await app.inject({ method: 'POST', url })
    t.equal(res.statusCode, 405, url)
    t.equal(res.headers.allow, 'GET, HEAD, OPTIONS', url)
  }
})
