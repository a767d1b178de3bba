import t from 'tap'
import { build } from './helpers/app'
import { tenantStrategy } from './helpers/fuzz-model'

// RFC 5789 §3.1 (Accept-Patch) and W3C LDP §7.1 (Accept-Post) on automatic OPTIONS.

t.test('Accept-Patch and Accept-Post list what the routes\' contexts parse', async t => {
  const app = await build()
  app.get('/notes/:id', async () => 'note')
  app.patch('/notes/:id', async () => 'patched')
  app.post('/notes', async () => 'created')
  app.get('/notes', async () => 'list')

  const one = await app.inject({ method: 'OPTIONS', url: '/notes/1' })
  t.equal(one.statusCode, 200)
  t.equal(one.headers.allow, 'GET, HEAD, OPTIONS, PATCH')
  t.equal(one.headers['accept-patch'], 'application/json, text/plain')
  t.equal(one.headers['accept-post'], undefined)
  t.equal(one.body, '')

  const list = await app.inject({ method: 'OPTIONS', url: '/notes?page=2' })
  t.equal(list.headers.allow, 'GET, HEAD, OPTIONS, POST')
  t.equal(list.headers['accept-post'], 'application/json, text/plain')
  t.equal(list.headers['accept-patch'], undefined)
})

t.test('a route\'s schema.body.content decides its formats', async t => {
  const app = await build()
  const body = { schema: { type: 'object' } }
  app.patch('/docs/:id', {
    schema: { body: { content: { 'application/merge-patch+json': body, 'application/json-patch+json': body } } }
  }, async () => 'patched')

  const res = await app.inject({ method: 'OPTIONS', url: '/docs/1' })
  t.equal(res.headers.allow, 'OPTIONS, PATCH')
  t.equal(res.headers['accept-patch'], 'application/json-patch+json, application/merge-patch+json')
})

t.test('parsers added in a context count for its routes only; a catch-all parser accepts any type', async t => {
  const app = await build()
  await app.register(async forms => {
    forms.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, payload, done) => { done(null, payload) })
    forms.post('/forms', async () => 'posted')
  })
  await app.register(async raw => {
    raw.addContentTypeParser('*', (_request, _payload, done) => { done(null) })
    raw.patch('/raw/:id', async () => 'patched')
  })
  app.post('/plain', async () => 'posted')

  t.equal((await app.inject({ method: 'OPTIONS', url: '/forms' })).headers['accept-post'], 'application/json, application/x-www-form-urlencoded, text/plain')
  t.equal((await app.inject({ method: 'OPTIONS', url: '/plain' })).headers['accept-post'], 'application/json, text/plain')
  t.equal((await app.inject({ method: 'OPTIONS', url: '/raw/1' })).headers['accept-patch'], '*/*')
})

t.test('the route that serves the client decides: static over param, version by Accept-Version', async t => {
  const app = await build()
  const merge = { schema: { body: { content: { 'application/merge-patch+json': { schema: {} } } } } }
  app.patch('/items/:id', async () => 'param')
  app.patch('/items/special', merge, async () => 'static')
  app.patch('/v', { ...merge, constraints: { version: '2.0.0' } }, async () => 'v2')
  app.patch('/v', async () => 'v1')

  t.equal((await app.inject({ method: 'OPTIONS', url: '/items/1' })).headers['accept-patch'], 'application/json, text/plain')
  t.equal((await app.inject({ method: 'OPTIONS', url: '/items/special' })).headers['accept-patch'], 'application/merge-patch+json')
  t.equal((await app.inject({ method: 'OPTIONS', url: '/v' })).headers['accept-patch'], 'application/json, text/plain')
  const v2 = await app.inject({ method: 'OPTIONS', url: '/v', headers: { 'accept-version': '2.0.0' } })
  t.equal(v2.headers.allow, 'OPTIONS, PATCH')
  t.equal(v2.headers['accept-patch'], 'application/merge-patch+json')
})

t.test('only automatic OPTIONS answers carry them: not a 405, not the app\'s own OPTIONS route', async t => {
  const app = await build()
  app.patch('/a', async () => 'patched')
  app.patch('/b', async () => 'patched')
  app.options('/b', async (_request, reply) => reply.header('allow', 'OPTIONS, PATCH').send('mine'))

  const notAllowed = await app.inject({ method: 'DELETE', url: '/a' })
  t.equal(notAllowed.statusCode, 405)
  t.equal(notAllowed.headers['accept-patch'], undefined)
  const own = await app.inject({ method: 'OPTIONS', url: '/b' })
  t.equal(own.body, 'mine')
  t.equal(own.headers['accept-patch'], undefined)
})

t.test('a PATCH route with a custom constraint does not decide the formats', async t => {
  const app = await build()
  app.addConstraintStrategy(tenantStrategy)
  app.patch('/t', async () => 'patched')
  app.patch('/t', { constraints: { tenant: 'a' }, schema: { body: { content: { 'application/merge-patch+json': { schema: {} } } } } }, async () => 'tenant')
  t.equal((await app.inject({ method: 'OPTIONS', url: '/t' })).headers['accept-patch'], 'application/json, text/plain')
})
