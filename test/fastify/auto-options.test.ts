import t from 'tap'
import { build, body404, body405 } from '../helpers/app'

t.test('OPTIONS on a known URL answers 200, empty body, Content-Length 0 and Allow', async t => {
  const app = await build()
  app.get('/items/:id', async () => 'item')
  app.delete('/items/:id', async () => 'gone')

  const res = await app.inject({ method: 'OPTIONS', url: '/items/1?verbose=1' })
  t.equal(res.statusCode, 200)
  t.equal(res.headers.allow, 'DELETE, GET, HEAD, OPTIONS')
  t.equal(res.headers['content-length'], '0')
  t.equal(res.body, '')
})

t.test('OPTIONS on an unknown URL keeps the 404', async t => {
  const app = await build()
  app.get('/items/:id', async () => 'item')

  const res = await app.inject({ method: 'OPTIONS', url: '/nope' })
  t.equal(res.statusCode, 404)
  t.equal(res.headers.allow, undefined)
  t.same(res.json(), body404('OPTIONS', '/nope'))
})

t.test('a URL with its own OPTIONS route is served by that route, and lists it', async t => {
  const app = await build()
  app.get('/own', async () => 'own')
  app.options('/own', async (_request, reply) => reply.code(204).header('x-own', 'yes').send())

  const options = await app.inject({ method: 'OPTIONS', url: '/own' })
  t.equal(options.statusCode, 204)
  t.equal(options.headers['x-own'], 'yes')
  t.equal(options.headers.allow, undefined)
  t.equal((await app.inject({ method: 'PUT', url: '/own' })).headers.allow, 'GET, HEAD, OPTIONS')
})

t.test('an OPTIONS route alone does not make a resource', async t => {
  const app = await build()
  app.options('/only-options', async () => 'options')

  const res = await app.inject({ method: 'GET', url: '/only-options' })
  t.equal(res.statusCode, 404)
  t.same(res.json(), body404('GET', '/only-options'))
})

t.test('autoOptions: false answers OPTIONS 405 and leaves OPTIONS out of Allow', async t => {
  const app = await build({ autoOptions: false })
  app.get('/items/:id', async () => 'item')

  const options = await app.inject({ method: 'OPTIONS', url: '/items/1' })
  t.equal(options.statusCode, 405)
  t.equal(options.headers.allow, 'GET, HEAD')
  t.same(options.json(), body405('OPTIONS', '/items/1', 'GET, HEAD'))
  t.equal((await app.inject({ method: 'POST', url: '/items/1' })).headers.allow, 'GET, HEAD')
})

t.test('autoOptions: false still lists OPTIONS routes the app declares', async t => {
  const app = await build({ autoOptions: false })
  app.get('/a', async () => 'a')
  app.options('/a', async () => 'options')

  t.equal((await app.inject({ method: 'POST', url: '/a' })).headers.allow, 'GET, HEAD, OPTIONS')
})

t.test('an OPTIONS handler that calls callNotFound keeps its 404', async t => {
  const app = await build()
  app.get('/a', async () => 'a')
  app.options('/a', async (_request, reply) => { reply.callNotFound() })

  const res = await app.inject({ method: 'OPTIONS', url: '/a' })
  t.equal(res.statusCode, 404)
  t.same(res.json(), body404('OPTIONS', '/a'))
})

t.test('a root catch-all OPTIONS route that calls callNotFound (as @fastify/cors does) lets automatic OPTIONS answer', async t => {
  const app = await build()
  app.get('/a', async () => 'a')
  app.options('*', async (_request, reply) => { reply.callNotFound() })

  const known = await app.inject({ method: 'OPTIONS', url: '/a' })
  t.equal(known.statusCode, 200)
  t.equal(known.headers.allow, 'GET, HEAD, OPTIONS')
  t.equal(known.body, '')

  const unknown = await app.inject({ method: 'OPTIONS', url: '/typo' })
  t.equal(unknown.statusCode, 404)
  t.same(unknown.json(), body404('OPTIONS', '/typo'))
})
