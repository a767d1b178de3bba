import t from 'tap'
import type { FastifyError } from 'fastify'
import { build, body405 } from '../helpers/app'
import { defaultLimits } from '../../lib/request/cache'
import { pathOf } from '../../lib/request/matcher'

t.test('the query string is not part of the key, and the router never sees it', async t => {
  const app = await build()
  app.get('/a', async () => 'a')
  for (const url of ['/a?x=1', '/a?y=2', '/a']) {
    const res = await app.inject({ method: 'DELETE', url })
    t.equal(res.statusCode, 405)
    t.same(res.json(), body405('DELETE', url, 'GET, HEAD, OPTIONS'))
  }
  t.equal(pathOf('/a?x=1&b=/c'), '/a')
  t.equal(pathOf('/a'), '/a')
})

t.test('an error handler that changes error.allow cannot change the cached Allow list', async t => {
  const app = await build()
  app.get('/posts/:id', async () => 'post')
  app.setErrorHandler((error: FastifyError & { allow?: string[] }, _request, reply) => {
    error.allow?.push('MADE-UP')
    reply.code(error.statusCode ?? 500).send({ allow: error.allow })
  })

  // Enough rounds for the entry to be stored and then served from the cache.
  for (let i = 0; i < 2 * defaultLimits.admitEvery; i++) {
    const res = await app.inject({ method: 'DELETE', url: '/posts/1' })
    t.equal(res.statusCode, 405)
    t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
    t.same(res.json(), { allow: ['GET', 'HEAD', 'OPTIONS', 'MADE-UP'] })
  }
})

t.test('repeated requests get the same answers as the first: 405, 404 and automatic OPTIONS', async t => {
  const app = await build()
  app.get('/posts/:id', async () => 'post')
  app.put('/posts/:id', async () => 'put')

  for (let i = 0; i < 2 * defaultLimits.admitEvery; i++) {
    const gone = await app.inject({ method: 'DELETE', url: `/posts/1?try=${i}` })
    t.equal(gone.statusCode, 405)
    t.equal(gone.headers.allow, 'GET, HEAD, OPTIONS, PUT')
    t.same(gone.json(), body405('DELETE', `/posts/1?try=${i}`, 'GET, HEAD, OPTIONS, PUT'))

    const options = await app.inject({ method: 'OPTIONS', url: '/posts/1' })
    t.equal(options.statusCode, 200)
    t.equal(options.headers.allow, 'GET, HEAD, OPTIONS, PUT')
    t.equal(options.body, '')

    const unknown = await app.inject({ method: 'DELETE', url: '/nothing' })
    t.equal(unknown.statusCode, 404)
    t.equal(unknown.headers.allow, undefined)
  }
})

t.test('more distinct paths than the cache holds still get exact answers', async t => {
  const app = await build()
  app.get('/posts/:id', async () => 'post')

  // Enough misses to store more paths than the cache holds.
  const paths = defaultLimits.paths * defaultLimits.admitEvery + 10
  for (let i = 0; i < paths; i++) {
    const res = await app.inject({ method: 'DELETE', url: `/posts/${i}` })
    if (res.statusCode !== 405) t.fail(`DELETE /posts/${i} answered ${res.statusCode}`)
  }
  // The first paths were forgotten; asking again resolves them again, alike.
  const again = await app.inject({ method: 'DELETE', url: '/posts/0' })
  t.equal(again.statusCode, 405)
  t.equal(again.headers.allow, 'GET, HEAD, OPTIONS')
  t.same(again.json(), body405('DELETE', '/posts/0', 'GET, HEAD, OPTIONS'))
})

t.test('with constraint values in play, every request is resolved afresh', async t => {
  const app = await build()
  app.get('/h', { constraints: { host: 'api.example' } }, async () => 'api')
  app.post('/h', async () => 'created')

  // Same path and method, two hosts, two answers: nothing is shared between them.
  for (let i = 0; i < 2; i++) {
    const api = await app.inject({ method: 'DELETE', url: '/h', headers: { host: 'api.example' } })
    t.equal(api.statusCode, 405)
    t.equal(api.headers.allow, 'GET, HEAD, OPTIONS, POST')
    const other = await app.inject({ method: 'DELETE', url: '/h', headers: { host: 'www.example' } })
    t.equal(other.statusCode, 405)
    t.equal(other.headers.allow, 'OPTIONS, POST')
  }
})

t.test('routes kept for hidden-route questions survive ready() when a route is hidden', async t => {
  const app = await build()
  app.get('/secret/:id', { config: { methodNotAllowed: false } }, async () => 'secret')
  app.get('/posts/:id', async () => 'post')
  // ready() seals the hidden-route registry before the first question is asked.
  await app.ready()

  const hidden = await app.inject({ method: 'DELETE', url: '/secret/1' })
  t.equal(hidden.statusCode, 404)
  t.equal(hidden.headers.allow, undefined)
  const visible = await app.inject({ method: 'DELETE', url: '/posts/1' })
  t.equal(visible.statusCode, 405)
  t.equal(visible.headers.allow, 'GET, HEAD, OPTIONS')
})

t.test('an app without hidden routes answers alike after ready() has let their registry go', async t => {
  const app = await build()
  app.get('/posts/:id', async () => 'post')
  await app.ready()
  t.same(app.allowedMethods('/posts/1'), ['GET', 'HEAD', 'OPTIONS'])
  const res = await app.inject({ method: 'DELETE', url: '/posts/1' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
})
