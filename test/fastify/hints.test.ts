import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { build, body404, body405, ok } from '../helpers/app'

/** The 405 message for `method` at `url`. */
async function messageOf (app: FastifyInstance, method: string, url: string): Promise<string> {
  const res = await app.inject({ method: method as 'GET', url })
  if (res.statusCode !== 405) throw new Error(`${method} ${url} answered ${res.statusCode}`)
  return res.json().message
}

t.test('off by default: the 405 message names no other URL, and the hints module is not loaded', async t => {
  const app = await build()
  app.get('/posts', ok)
  app.post('/posts', ok)
  app.get('/posts/:id', ok)
  const res = await app.inject({ method: 'POST', url: '/posts/1' })
  t.equal(res.statusCode, 405)
  t.same(res.json(), body405('POST', '/posts/1', 'GET, HEAD, OPTIONS'))
  t.equal(require.cache[require.resolve('../../lib/ready/hints')], undefined)
})

t.test('a parent pattern serving the method is named', async t => {
  const app = await build({ hints: true })
  app.get('/posts', ok)
  app.post('/posts', ok)
  app.get('/posts/:id', ok)
  const res = await app.inject({ method: 'POST', url: '/posts/1?draft=1' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
  t.same(res.json(), {
    statusCode: 405,
    code: 'FST_ERR_METHOD_NOT_ALLOWED',
    error: 'Method Not Allowed',
    message: 'Method POST is not allowed for /posts/1?draft=1; allowed: GET, HEAD, OPTIONS; POST is served at /posts'
  })
  // The message is cached with its hint: the same URL again gets the same message.
  t.equal(await messageOf(app, 'POST', '/posts/1?draft=1'), 'Method POST is not allowed for /posts/1?draft=1; allowed: GET, HEAD, OPTIONS; POST is served at /posts')
  t.equal(await messageOf(app, 'POST', '/posts/2'), 'Method POST is not allowed for /posts/2; allowed: GET, HEAD, OPTIONS; POST is served at /posts')
})

t.test('a child pattern is named, its parameters matching any segment', async t => {
  const app = await build({ hints: true })
  app.get('/users/:id', ok)
  app.post('/users/:id/posts', ok)
  t.equal(await messageOf(app, 'POST', '/users/7'), 'Method POST is not allowed for /users/7; allowed: GET, HEAD, OPTIONS; POST is served at /users/:id/posts')
  t.equal(await messageOf(app, 'GET', '/users/7/posts'), 'Method GET is not allowed for /users/7/posts; allowed: OPTIONS, POST; GET is served at /users/:id')
})

t.test('a sibling or a grandparent is named when nothing nearer serves the method', async t => {
  const app = await build({ hints: true })
  app.get('/users/:id', ok)
  app.patch('/users/me', ok)
  app.get('/a/b/c', ok)
  app.delete('/a', ok)
  t.equal(await messageOf(app, 'PATCH', '/users/1'), 'Method PATCH is not allowed for /users/1; allowed: GET, HEAD, OPTIONS; PATCH is served at /users/me')
  t.equal(await messageOf(app, 'DELETE', '/a/b/c'), 'Method DELETE is not allowed for /a/b/c; allowed: GET, HEAD, OPTIONS; DELETE is served at /a')
})

t.test('the root is a pattern of no segments, and a trailing slash adds none', async t => {
  const app = await build({ hints: true }, { routerOptions: { ignoreTrailingSlash: true } })
  app.post('/', ok)
  app.get('/posts', ok)
  app.get('/posts/:id', ok)
  app.put('/posts', ok)
  t.equal(await messageOf(app, 'POST', '/posts/'), 'Method POST is not allowed for /posts/; allowed: GET, HEAD, OPTIONS, PUT; POST is served at /')
  t.equal(await messageOf(app, 'PUT', '/posts/1/'), 'Method PUT is not allowed for /posts/1/; allowed: GET, HEAD, OPTIONS; PUT is served at /posts')
  t.equal(await messageOf(app, 'GET', '/'), 'Method GET is not allowed for /; allowed: OPTIONS, POST; GET is served at /posts')
})

t.test('the nearest pattern wins; among equally near ones, the one with fewer segments, then the first in order', async t => {
  const app = await build({ hints: true })
  app.get('/a/b/c', ok)
  app.put('/a', ok)
  app.put('/a/b/c/d', ok)
  app.get('/posts/:id', ok)
  app.post('/posts/:id/comments', ok)
  app.post('/posts', ok)
  app.post('/posts/:id/likes', ok)
  app.get('/x/:id', ok)
  app.delete('/x/:id/z', ok)
  app.delete('/x/:id/y', ok)
  t.equal(await messageOf(app, 'PUT', '/a/b/c'), 'Method PUT is not allowed for /a/b/c; allowed: GET, HEAD, OPTIONS; PUT is served at /a/b/c/d')
  t.equal(await messageOf(app, 'POST', '/posts/1'), 'Method POST is not allowed for /posts/1; allowed: GET, HEAD, OPTIONS; POST is served at /posts')
  t.equal(await messageOf(app, 'DELETE', '/x/1'), 'Method DELETE is not allowed for /x/1; allowed: GET, HEAD, OPTIONS; DELETE is served at /x/:id/y')
})

t.test('a hidden route is never named, even where it would be nearest', async t => {
  const app = await build({ hints: true })
  app.get('/posts/:id', ok)
  app.post('/posts', { config: { methodNotAllowed: false } }, ok)
  app.post('/posts/:id/comments', ok)
  app.get('/admin/:id', ok)
  app.put('/admin', { config: { methodNotAllowed: false } }, ok)
  t.equal(await messageOf(app, 'POST', '/posts/1'), 'Method POST is not allowed for /posts/1; allowed: GET, HEAD, OPTIONS; POST is served at /posts/:id/comments')
  t.equal(await messageOf(app, 'PUT', '/admin/1'), 'Method PUT is not allowed for /admin/1; allowed: GET, HEAD, OPTIONS')
})

t.test('no hint where no pattern within two segments serves the method, or none serves it at all', async t => {
  const app = await build({ hints: true })
  app.get('/posts/:id', ok)
  app.post('/x/y/z', ok)
  app.post('/posts/:id/a/b/c', ok)
  t.equal(await messageOf(app, 'POST', '/posts/1'), 'Method POST is not allowed for /posts/1; allowed: GET, HEAD, OPTIONS')
  t.equal(await messageOf(app, 'DELETE', '/posts/1'), 'Method DELETE is not allowed for /posts/1; allowed: GET, HEAD, OPTIONS')
})

t.test('a pattern that the request\'s own URL fits is not named, nor a root catch-all: the router did not serve the method there', async t => {
  const app = await build({ hints: true, catchAllIsResource: true })
  app.get('*', ok)
  app.post('/n/:id(^\\d+$)', ok)
  app.post('/a/b', ok)
  t.equal(await messageOf(app, 'POST', '/n/x'), 'Method POST is not allowed for /n/x; allowed: GET, HEAD, OPTIONS')
  t.equal(await messageOf(app, 'POST', '/a'), 'Method POST is not allowed for /a; allowed: GET, HEAD, OPTIONS; POST is served at /a/b')
})

t.test('a 404 keeps Fastify\'s message: hints are for URLs that exist', async t => {
  const app = await build({ hints: true })
  app.put('/posts/:id', ok)
  const res = await app.inject({ method: 'PUT', url: '/posts' })
  t.equal(res.statusCode, 404)
  t.same(res.json(), body404('PUT', '/posts'))
})

t.test('hints must be a boolean', async t => {
  await t.rejects(build({ hints: 'yes' as unknown as boolean }), { code: 'FST_ERR_METHOD_NOT_ALLOWED_INVALID_OPTION' })
})
