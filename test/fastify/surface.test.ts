import t from 'tap'
import Fastify from 'fastify'
import methodNotAllowed from '../../lib/plugin'
import { build, ok } from '../helpers/app'

t.test('the surface lists each visible pattern with the Allow list of its 405, sorted', async t => {
  const app = await build()
  app.get('/posts', ok)
  app.post('/posts', ok)
  app.get('/posts/:id', ok)
  app.patch('/posts/:id', ok)
  app.get('/n/:id(^\\d+$)', ok)
  app.get('/files/*', ok)
  app.delete('/a::b', ok)
  await app.ready()
  const surface = app.methodSurface()
  t.same(Object.keys(surface), ['/a::b', '/files/*', '/n/:id(^\\d+$)', '/posts', '/posts/:id'])
  t.strictSame(surface, {
    '/a::b': { allow: ['DELETE', 'OPTIONS'] },
    '/files/*': { allow: ['GET', 'HEAD', 'OPTIONS'] },
    '/n/:id(^\\d+$)': { allow: ['GET', 'HEAD', 'OPTIONS'] },
    '/posts': { allow: ['GET', 'HEAD', 'OPTIONS', 'POST'], acceptPost: ['application/json', 'text/plain'] },
    '/posts/:id': { allow: ['GET', 'HEAD', 'OPTIONS', 'PATCH'], acceptPatch: ['application/json', 'text/plain'] }
  })
  for (const [pattern, url] of [['/posts/:id', '/posts/7'], ['/a::b', '/a:b'], ['/n/:id(^\\d+$)', '/n/1']]) {
    const response = await app.inject({ method: 'PUT', url })
    t.equal(response.statusCode, 405)
    t.equal(response.headers.allow, surface[pattern].allow.join(', '), `${pattern}: the 405 at ${url} agrees`)
  }
})

t.test('a URL another pattern also matches lists that pattern\'s methods too, as its 405 does', async t => {
  const app = await build()
  app.get('/gists/public', ok)
  app.delete('/gists/:id', ok)
  await app.ready()
  t.strictSame(app.methodSurface(), {
    '/gists/:id': { allow: ['DELETE', 'OPTIONS'] },
    '/gists/public': { allow: ['DELETE', 'GET', 'HEAD', 'OPTIONS'] }
  })
  const response = await app.inject({ method: 'PUT', url: '/gists/public' })
  t.equal(response.headers.allow, 'DELETE, GET, HEAD, OPTIONS')
})

t.test('hidden routes never appear, nor do URLs a hidden route serves for another method', async t => {
  const app = await build()
  app.get('/visible', ok)
  app.get('/internal', { config: { methodNotAllowed: false } }, ok)
  app.get('/mixed', ok)
  app.post('/mixed', { config: { methodNotAllowed: false } }, ok)
  await app.ready()
  t.strictSame(app.methodSurface(), { '/visible': { allow: ['GET', 'HEAD', 'OPTIONS'] } })
})

t.test('patterns that make no resource are not listed: OPTIONS routes and root catch-alls', async t => {
  const app = await build()
  app.options('/preflight', ok)
  app.get('/*', ok)
  app.get('/a', ok)
  await app.ready()
  t.strictSame(app.methodSurface(), { '/a': { allow: ['GET', 'HEAD', 'OPTIONS'] } })
})

t.test('a root catch-all is listed when catchAllIsResource is on', async t => {
  const app = await build({ catchAllIsResource: true, autoOptions: false })
  app.get('/*', ok)
  await app.ready()
  t.strictSame(app.methodSurface(), { '/*': { allow: ['GET', 'HEAD'] } })
})

t.test('deprecated methods carry their dates, successor and link; retired ones leave Allow', async t => {
  const app = await build({ clock: () => Date.parse('2026-06-01') })
  app.get('/posts/:id', ok)
  app.patch('/posts/:id', ok)
  app.put('/posts/:id', { config: { methodNotAllowed: { deprecated: { put: { since: '2025-01-01', sunset: '2026-01-01', use: 'PATCH' } } } } }, ok)
  app.delete('/posts/:id', { config: { methodNotAllowed: { deprecated: { delete: { since: '2025-01-01', sunset: '2099-01-01', link: 'https://example.com/why' } } } } }, ok)
  app.post('/posts/:id', { config: { methodNotAllowed: { deprecated: { post: { retired: true } } } } }, ok)
  await app.ready()
  t.strictSame(app.methodSurface(), {
    '/posts/:id': {
      allow: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH'],
      deprecated: {
        DELETE: { retired: false, since: '2025-01-01', sunset: '2099-01-01', link: 'https://example.com/why' },
        POST: { retired: true },
        PUT: { retired: true, since: '2025-01-01', sunset: '2026-01-01', use: 'PATCH' }
      },
      acceptPatch: ['application/json', 'text/plain']
    }
  })
  const response = await app.inject({ method: 'PUT', url: '/posts/1' })
  t.equal(response.statusCode, 405)
  t.equal(response.headers.allow, 'DELETE, GET, HEAD, OPTIONS, PATCH')
})

t.test('a prefixed `/` is listed as both patterns Fastify inserts', async t => {
  const app = await build()
  await app.register(async api => { api.get('/', ok) }, { prefix: '/v1' })
  await app.ready()
  t.strictSame(app.methodSurface(), { '/v1': { allow: ['GET', 'HEAD', 'OPTIONS'] }, '/v1/': { allow: ['GET', 'HEAD', 'OPTIONS'] } })
})

t.test('a pattern whose every URL another route of its method serves is left to that route', async t => {
  const app = await build()
  app.get('/~', ok)
  app.get('/~1', ok)
  app.get('/:id', ok)
  // No value tried satisfies this expression: the router is asked, and it serves no URL tried.
  app.get('/z/:code(^zz$)', ok)
  await app.ready()
  t.strictSame(Object.keys(app.methodSurface()), ['/~', '/~1'])
})

t.test('routes declared before the plugin count; the surface is read afresh until ready', async t => {
  const app = Fastify()
  app.get('/early', ok)
  await app.register(methodNotAllowed)
  t.strictSame(app.methodSurface(), { '/early': { allow: ['GET', 'HEAD', 'OPTIONS'] } })
  app.post('/late', ok)
  await app.ready()
  t.strictSame(app.methodSurface(), {
    '/early': { allow: ['GET', 'HEAD', 'OPTIONS'] },
    '/late': { allow: ['OPTIONS', 'POST'], acceptPost: ['application/json', 'text/plain'] }
  })
})

t.test('an app that never asks for its surface gets no hook from it', async t => {
  const app = await build()
  app.get('/a', ok)
  await app.ready()
  t.equal(typeof app.methodSurface, 'function')
  t.equal(app.printRoutes({ includeHooks: true }).includes('methodSurface'), false)
})
