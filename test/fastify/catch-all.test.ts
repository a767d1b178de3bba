import t from 'tap'
import Fastify, { type FastifyServerOptions } from 'fastify'
import methodNotAllowed from '../../lib/plugin'
import { build, body404 } from '../helpers/app'
import { listen, rawRequest } from '../helpers/raw'

t.test('a root catch-all adds its methods to Allow but makes no URL a resource', async t => {
  for (const pattern of ['/*', '*']) {
    const app = await build()
    app.get(pattern, async () => 'spa')
    app.post('/api/things', async () => 'created')

    const typo = await app.inject({ method: 'DELETE', url: '/typo/deep' })
    t.equal(typo.statusCode, 404, pattern)
    t.same(typo.json(), body404('DELETE', '/typo/deep'))
    t.equal((await app.inject({ method: 'OPTIONS', url: '/typo' })).statusCode, 404, pattern)

    const api = await app.inject({ method: 'DELETE', url: '/api/things' })
    t.equal(api.statusCode, 405, pattern)
    t.equal(api.headers.allow, 'GET, HEAD, OPTIONS, POST', pattern)
  }
})

t.test('a root catch-all declared before the plugin is recognised too', async t => {
  const app = Fastify()
  app.get('/*', async () => 'spa')
  await app.register(methodNotAllowed)
  t.equal((await app.inject({ method: 'DELETE', url: '/typo' })).statusCode, 404)
})

t.test('wildcards below the root make resources', async t => {
  const app = await build()
  app.get('/*', async () => 'spa')
  app.put('/files/*', async () => 'file')

  const res = await app.inject({ method: 'DELETE', url: '/files/a/b' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS, PUT')
  t.equal((await app.inject({ method: 'DELETE', url: '/files' })).statusCode, 404)
})

t.test('catchAllIsResource: true makes every URL a resource', async t => {
  const app = await build({ catchAllIsResource: true })
  app.get('/*', async () => 'spa')

  const res = await app.inject({ method: 'DELETE', url: '/anything' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
})

t.test('root catch-all recognition follows the router options', async t => {
  // Fastify's types miss routerOptions.useSemicolonDelimiter, which its router honours.
  const routerOptions = { ignoreDuplicateSlashes: true, ignoreTrailingSlash: true, useSemicolonDelimiter: true } as FastifyServerOptions['routerOptions']
  const app = await build(undefined, { routerOptions })
  app.get('/*', async () => 'spa')
  app.get('/x/*', async () => 'x')
  for (const url of ['//a//b/', '/a;jsessionid=1', '/caf%C3%A9/', '/x']) {
    t.equal((await app.inject({ method: 'DELETE', url })).statusCode, 404, url)
  }
  t.equal((await app.inject({ method: 'DELETE', url: '//x//y/' })).statusCode, 405)
})

t.test('an absolute-form request target is recognised as the root catch-all too', async t => {
  const app = await build()
  app.get('/*', async () => 'spa')
  app.post('/api', async () => 'api')
  const port = await listen(t, app)

  const typo = await rawRequest(port, 'DELETE http://127.0.0.1/typo HTTP/1.1')
  t.equal(typo.status, 404)
  const api = await rawRequest(port, 'DELETE http://127.0.0.1/api HTTP/1.1')
  t.equal(api.status, 405)
  t.equal(api.headers.allow, 'GET, HEAD, OPTIONS, POST')
})

t.test('a request target with a fragment reaches the root catch-all as its path does', async t => {
  const app = await build()
  app.get('/*', async () => 'spa')
  app.post('/api/items', async () => 'items')
  const port = await listen(t, app)

  // find-my-way ends the path at `#`: the catch-all captures `api`, as for
  // `/api`, which only the catch-all serves.
  for (const target of ['/api', '/api#part', '/api/#part']) {
    const res = await rawRequest(port, `DELETE ${target} HTTP/1.1`)
    t.equal(res.status, 404, target)
    t.equal(res.headers.allow, undefined)
  }
  const items = await rawRequest(port, 'DELETE /api/items#part HTTP/1.1')
  t.equal(items.status, 405)
  t.equal(items.headers.allow, 'GET, HEAD, OPTIONS, POST')
})
