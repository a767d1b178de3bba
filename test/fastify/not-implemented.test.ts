import t from 'tap'
import { build, body404, body501 } from '../helpers/app'
import { listen, rawRequest } from '../helpers/raw'

t.test('a method Fastify does not route answers 501 on any URL', async t => {
  const app = await build()
  app.get('/a', async () => 'a')

  for (const [method, url] of [['SEARCH', '/a'], ['PROPFIND', '/unknown'], ['PURGE', '/a?x=1']]) {
    const res = await app.inject({ method: method as 'GET', url })
    t.equal(res.statusCode, 501, method)
    t.equal(res.headers.allow, undefined, method)
    t.same(res.json(), body501(method), method)
  }
})

t.test('notImplemented: false keeps Fastify\'s 404', async t => {
  const app = await build({ notImplemented: false })
  app.get('/a', async () => 'a')

  const res = await app.inject({ method: 'PROPFIND' as 'GET', url: '/a' })
  t.equal(res.statusCode, 404)
  t.same(res.json(), body404('PROPFIND', '/a'))
})

t.test('a method added with addHttpMethod is routed, so it is never a 501', async t => {
  const { default: Fastify } = await import('fastify')
  const { default: plugin } = await import('../../lib/plugin')
  const app = Fastify()
  app.addHttpMethod('SEARCH', { hasBody: true })
  await app.register(plugin)
  app.get('/a', async () => 'a')

  const res = await app.inject({ method: 'SEARCH' as 'GET', url: '/a', payload: { q: 1 } })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
})

t.test('over a real socket: 501 for methods Node parses, 400 from Node for unknown tokens', async t => {
  const app = await build()
  app.get('/a', async () => 'a')
  const port = await listen(t, app)

  const purge = await rawRequest(port, 'PURGE /a HTTP/1.1')
  t.equal(purge.status, 501)
  t.same(JSON.parse(purge.body), body501('PURGE'))

  const unknown = await rawRequest(port, 'FROBNICATE /a HTTP/1.1')
  t.equal(unknown.status, 400)
  t.equal(unknown.headers.allow, undefined)

  const lowercase = await rawRequest(port, 'get /a HTTP/1.1')
  t.equal(lowercase.status, 400)
})
