import t from 'tap'
import { build, body405, body404 } from './helpers/app'

t.test('a wrong method on a routed URL answers 405 with the sorted Allow list', async t => {
  const app = await build()
  app.get('/posts/:id', async () => 'post')
  app.put('/posts/:id', async () => 'put')

  const res = await app.inject({ method: 'DELETE', url: '/posts/1' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS, PUT')
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
