import t from 'tap'
import { build, body404 } from '../helpers/app'

// The classic 405 / OPTIONS cases of other routers, translated to Fastify.

t.test('httprouter TestRouterNotAllowed', async t => {
  t.test('405 with Allow for a path routed for other methods', async t => {
    const app = await build()
    app.post('/path', async () => 'post')
    app.delete('/path', async () => 'delete')
    const res = await app.inject({ method: 'GET', url: '/path' })
    t.equal(res.statusCode, 405)
    t.equal(res.headers.allow, 'DELETE, OPTIONS, POST')
  })

  t.test('adding OPTIONS routes changes nothing but the list', async t => {
    const app = await build()
    app.post('/path', async () => 'post')
    app.options('/path', async () => 'options')
    const res = await app.inject({ method: 'GET', url: '/path' })
    t.equal(res.statusCode, 405)
    t.equal(res.headers.allow, 'OPTIONS, POST')
  })

  t.test('a custom method-not-allowed response through the error handler', async t => {
    const app = await build()
    app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
      reply.code(error.statusCode ?? 500).send('custom: ' + error.message)
    })
    app.post('/path', async () => 'post')
    const res = await app.inject({ method: 'GET', url: '/path' })
    t.equal(res.statusCode, 405)
    t.equal(res.headers.allow, 'OPTIONS, POST')
    t.equal(res.body, 'custom: Method GET is not allowed for /path; allowed: OPTIONS, POST')
  })
})

t.test('Go ServeMux (1.22 patterns)', async t => {
  t.test('"GET /item/{id}": POST answers 405 with Allow GET, HEAD', async t => {
    const app = await build({ autoOptions: false })
    app.get('/item/:id', async () => 'item')
    const res = await app.inject({ method: 'POST', url: '/item/1' })
    t.equal(res.statusCode, 405)
    t.equal(res.headers.allow, 'GET, HEAD')
  })

  t.test('a pattern for every method never answers 405', async t => {
    const app = await build()
    app.all('/any', async request => request.method)
    t.equal((await app.inject({ method: 'PATCH', url: '/any' })).body, 'PATCH')
    t.equal((await app.inject({ method: 'DELETE', url: '/other' })).statusCode, 404)
  })

  t.test('a more specific pattern for another method adds to Allow', async t => {
    const app = await build({ autoOptions: false })
    app.get('/item/:id', async () => 'item')
    app.delete('/item/special', async () => 'deleted')
    const res = await app.inject({ method: 'PUT', url: '/item/special' })
    t.equal(res.headers.allow, 'DELETE, GET, HEAD')
  })
})

t.test('@koa/router allowedMethods', async t => {
  t.test('responds to OPTIONS with 200 and Allow', async t => {
    const app = await build()
    app.get('/users', async () => 'users')
    app.put('/users', async () => 'put')
    const res = await app.inject({ method: 'OPTIONS', url: '/users' })
    t.equal(res.statusCode, 200)
    t.equal(res.headers.allow, 'GET, HEAD, OPTIONS, PUT')
    t.equal(res.headers['content-length'], '0')
  })

  t.test('responds 405 for an unsupported method on an existing route', async t => {
    const app = await build()
    app.get('/users', async () => 'users')
    const res = await app.inject({ method: 'POST', url: '/users' })
    t.equal(res.statusCode, 405)
    t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
  })

  t.test('responds 501 for a method the router does not implement', async t => {
    const app = await build()
    app.get('/users', async () => 'users')
    const res = await app.inject({ method: 'SEARCH' as 'GET', url: '/users' })
    t.equal(res.statusCode, 501)
  })

  t.test('does not answer for paths no route matches', async t => {
    const app = await build()
    app.get('/users', async () => 'users')
    const res = await app.inject({ method: 'POST', url: '/projects' })
    t.equal(res.statusCode, 404)
    t.same(res.json(), body404('POST', '/projects'))
  })
})

t.test('Express automatic OPTIONS', async t => {
  t.test('answers OPTIONS with the methods of the path', async t => {
    const app = await build()
    app.get('/users', async () => 'users')
    app.put('/users', async () => 'put')
    app.get('/other', async () => 'other')
    const res = await app.inject({ method: 'OPTIONS', url: '/users' })
    t.equal(res.statusCode, 200)
    t.equal(res.headers.allow, 'GET, HEAD, OPTIONS, PUT')
    t.equal(res.body, '', 'no body: RFC 9110 defines none, unlike Express\'s "GET,HEAD,PUT"')
  })

  t.test('does not answer OPTIONS for a path that is not defined', async t => {
    const app = await build()
    app.get('/users', async () => 'users')
    t.equal((await app.inject({ method: 'OPTIONS', url: '/missing' })).statusCode, 404)
  })

  t.test('does not override a user-defined OPTIONS handler', async t => {
    const app = await build()
    app.get('/users', async () => 'users')
    app.options('/users', async (_request, reply) => reply.header('allow', 'GET').send('custom'))
    const res = await app.inject({ method: 'OPTIONS', url: '/users' })
    t.equal(res.body, 'custom')
    t.equal(res.headers.allow, 'GET')
  })

  t.test('answers OPTIONS for routes in nested prefixed plugins', async t => {
    const app = await build()
    await app.register(async outer => {
      await outer.register(async inner => { inner.post('/users', async () => 'created') }, { prefix: '/v2' })
    }, { prefix: '/api' })
    const res = await app.inject({ method: 'OPTIONS', url: '/api/v2/users' })
    t.equal(res.statusCode, 200)
    t.equal(res.headers.allow, 'OPTIONS, POST')
  })
})
