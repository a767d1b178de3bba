import t from 'tap'
import Fastify from 'fastify'
import methodNotAllowed from '../../lib/plugin'
import { build, body404, body405, ok } from '../helpers/app'

t.test('methodNotAllowed: false hides a route: its URL answers as one that does not exist, no 405, no automatic OPTIONS', async t => {
  const app = await build()
  app.get('/admin/:section', { config: { methodNotAllowed: false } }, async () => 'admin')
  app.get('/public', async () => 'public')

  for (const [method, url] of [['DELETE', '/admin/users'], ['OPTIONS', '/admin/users']]) {
    const res = await app.inject({ method: method as 'GET', url })
    t.equal(res.statusCode, 404, `${method} ${url}`)
    t.equal(res.headers.allow, undefined)
    t.same(res.json(), body404(method, url))
  }
  // A method routed nowhere: the 501 that every URL gives it.
  const propfind = await app.inject({ method: 'PROPFIND' as 'GET', url: '/admin/users?x=1' })
  t.equal(propfind.statusCode, 501)
  t.same(propfind.json(), (await app.inject({ method: 'PROPFIND' as 'GET', url: '/nothing' })).json())
  t.equal((await app.inject({ method: 'GET', url: '/admin/users' })).body, 'admin')
  t.same(app.allowedMethods('/admin/users'), [])
  t.equal((await app.inject({ method: 'DELETE', url: '/public' })).statusCode, 405)
})

t.test('a hidden route hides the URL even where other routes match it', async t => {
  const app = await build()
  app.get('/things/:id', async () => 'thing')
  app.delete('/things/secret', { config: { methodNotAllowed: false } }, async () => 'gone')

  const res = await app.inject({ method: 'POST', url: '/things/secret' })
  t.equal(res.statusCode, 404)
  t.equal((await app.inject({ method: 'POST', url: '/things/1' })).headers.allow, 'GET, HEAD, OPTIONS')
})

t.test('a hidden route under a prefix hides both /v1 and /v1/', async t => {
  const app = await build()
  await app.register(async instance => {
    instance.get('/', { config: { methodNotAllowed: false } }, async () => 'index')
  }, { prefix: '/v1' })

  t.equal((await app.inject({ method: 'POST', url: '/v1' })).statusCode, 404)
  t.equal((await app.inject({ method: 'POST', url: '/v1/' })).statusCode, 404)
})

t.test('hidden routes follow the router options', async t => {
  const app = await build(undefined, { routerOptions: { caseSensitive: false, ignoreTrailingSlash: true } })
  app.get('/Admin', { config: { methodNotAllowed: false } }, async () => 'admin')
  t.equal((await app.inject({ method: 'POST', url: '/admin/' })).statusCode, 404)
  t.equal((await app.inject({ method: 'GET', url: '/ADMIN/' })).body, 'admin')
})

t.test('methodNotAllowed: true is the default behaviour', async t => {
  const app = await build()
  app.get('/a', { config: { methodNotAllowed: true } }, async () => 'a')
  t.equal((await app.inject({ method: 'POST', url: '/a' })).statusCode, 405)
})

t.test('allow narrows an all() route: a read-only mount', async t => {
  const app = await build()
  app.all('/mirror/*', { config: { methodNotAllowed: { allow: ['GET', 'HEAD'] } } }, async request => request.method)

  t.equal((await app.inject({ method: 'GET', url: '/mirror/a' })).body, 'GET')
  t.equal((await app.inject({ method: 'HEAD', url: '/mirror/a' })).statusCode, 200)
  const put = await app.inject({ method: 'PUT', url: '/mirror/a' })
  t.equal(put.statusCode, 405)
  t.equal(put.headers.allow, 'GET, HEAD, OPTIONS')
  t.same(put.json(), body405('PUT', '/mirror/a', 'GET, HEAD, OPTIONS'))
  const options = await app.inject({ method: 'OPTIONS', url: '/mirror/a' })
  t.equal(options.statusCode, 200)
  t.equal(options.headers.allow, 'GET, HEAD, OPTIONS')
})

t.test('allow with GET keeps the HEAD route Fastify exposes for it; lower case is accepted', async t => {
  const app = await build()
  app.route({ method: ['GET', 'POST', 'PUT'], url: '/doc', config: { methodNotAllowed: { allow: ['get', 'put'] } }, handler: async () => 'doc' })

  t.equal((await app.inject({ method: 'HEAD', url: '/doc' })).statusCode, 200)
  const post = await app.inject({ method: 'POST', url: '/doc' })
  t.equal(post.statusCode, 405)
  t.equal(post.headers.allow, 'GET, HEAD, OPTIONS, PUT')
})

t.test('allow costs nothing per request: the route is registered with the narrowed methods', async t => {
  const app = await build()
  app.all('/ro', { config: { methodNotAllowed: { allow: ['GET'] } } }, async () => 'ro')
  await app.ready()
  t.equal(app.printRoutes({ method: 'GET' }).includes('ro'), true)
  t.equal(app.printRoutes({ method: 'POST' }), '(empty tree)')
})

async function registrationError (config: unknown, method: string | string[] = 'GET'): Promise<Error> {
  const app = Fastify()
  await app.register(methodNotAllowed)
  try {
    app.route({ method: method as 'GET', url: '/r', config: { methodNotAllowed: config } as never, handler: async () => 'r' })
    await app.ready()
  } catch (error) {
    return error as Error
  }
  throw new Error('registration did not fail')
}

t.test('bad route config fails registration naming the route and the key', async t => {
  t.match(await registrationError('yes'), {
    code: 'FST_ERR_METHOD_NOT_ALLOWED_INVALID_ROUTE_CONFIG',
    message: 'fastify-method-not-allowed: route GET /r: invalid config.methodNotAllowed: expected false, true or { allow: [...], deprecated: {...} }'
  })
  t.match(await registrationError({ allow: [] }), {
    message: 'fastify-method-not-allowed: route GET /r: invalid config.methodNotAllowed.allow: Expected array length to be greater or equal to 1'
  })
  t.match(await registrationError({ allow: ['GET'], deny: ['POST'] }), {
    message: 'fastify-method-not-allowed: route GET /r: invalid config.methodNotAllowed.deny: Unexpected property'
  })
  t.match(await registrationError({ allow: ['GET POST'] }), {
    message: /^fastify-method-not-allowed: route GET \/r: invalid config\.methodNotAllowed\.allow\.0: Expected string to match/
  })
})

t.test('allow listing a method the route does not declare fails registration', async t => {
  t.match(await registrationError({ allow: ['GET', 'DELETE'] }, ['GET', 'POST']), {
    code: 'FST_ERR_METHOD_NOT_ALLOWED_INVALID_ROUTE_CONFIG',
    message: 'fastify-method-not-allowed: route GET,POST /r: invalid config.methodNotAllowed.allow: DELETE is not a method of this route'
  })
})

t.test('allow that drops GET while Fastify exposes HEAD for it fails at the declared route with advice that works', async t => {
  t.match(await registrationError({ allow: ['POST'] }, ['GET', 'POST']), {
    message: 'fastify-method-not-allowed: route GET,POST /r: invalid config.methodNotAllowed.allow: GET is left out, but Fastify adds a HEAD route for it; allow GET, or set exposeHeadRoute: false on this route'
  })
  // Both pieces of advice work.
  const allowGet = await build()
  allowGet.route({ method: ['GET', 'POST'], url: '/r', config: { methodNotAllowed: { allow: ['POST', 'GET'] } }, handler: async () => 'r' })
  t.equal((await allowGet.inject({ method: 'HEAD', url: '/r' })).statusCode, 200)

  const app = await build()
  app.route({ method: ['GET', 'POST'], url: '/r', exposeHeadRoute: false, config: { methodNotAllowed: { allow: ['POST'] } }, handler: async () => 'r' })
  const get = await app.inject({ method: 'GET', url: '/r' })
  t.equal(get.statusCode, 405)
  t.equal(get.headers.allow, 'OPTIONS, POST')
})

t.test('allowOnSuccess never lists the methods of a hidden URL', async t => {
  const app = await build({ allowOnSuccess: true })
  app.get('/admin', { config: { methodNotAllowed: false } }, async () => 'admin')
  app.post('/admin', async () => 'posted')
  app.get('/public', async () => 'public')

  const post = await app.inject({ method: 'POST', url: '/admin' })
  t.equal(post.body, 'posted')
  t.equal(post.headers.allow, undefined)
  t.equal((await app.inject({ method: 'GET', url: '/public' })).headers.allow, 'GET, HEAD, OPTIONS')
})

t.test('allow listing GET on a head() route fails registration', async t => {
  t.match(await registrationError({ allow: ['GET'] }, 'HEAD'), {
    code: 'FST_ERR_METHOD_NOT_ALLOWED_INVALID_ROUTE_CONFIG',
    message: 'fastify-method-not-allowed: route HEAD /r: invalid config.methodNotAllowed.allow: GET is not a method of this route'
  })
})

t.test('a head() route may allow HEAD; a GET route beside an existing HEAD route may leave GET out', async t => {
  const app = await build()
  app.head('/h', { config: { methodNotAllowed: { allow: ['HEAD'] } } }, async () => '')
  app.head('/g', async () => '')
  app.route({ method: ['GET', 'POST'], url: '/g', config: { methodNotAllowed: { allow: ['POST'] } }, handler: async () => 'g' })

  t.equal((await app.inject({ method: 'HEAD', url: '/h' })).statusCode, 200)
  const get = await app.inject({ method: 'GET', url: '/g' })
  t.equal(get.statusCode, 405)
  t.equal(get.headers.allow, 'HEAD, OPTIONS, POST')
})

t.test('a shared config object on a GET and a later head() route is checked for each', async t => {
  const app = await build()
  const config = { methodNotAllowed: { allow: ['GET'] } }
  app.get('/a', { config }, async () => 'a')
  t.throws(() => app.head('/b', { config }, async () => ''), {
    code: 'FST_ERR_METHOD_NOT_ALLOWED_INVALID_ROUTE_CONFIG',
    message: 'fastify-method-not-allowed: route HEAD /b: invalid config.methodNotAllowed.allow: GET is not a method of this route'
  })
})

t.test('allow on a prefixed "/" route covers both HEAD routes Fastify adds', async t => {
  const app = await build()
  await app.register(async instance => {
    instance.route({ method: ['GET', 'POST'], url: '/', config: { methodNotAllowed: { allow: ['GET'] } }, handler: async () => 'index' })
  }, { prefix: '/v1' })

  for (const url of ['/v1', '/v1/']) {
    t.equal((await app.inject({ method: 'HEAD', url })).statusCode, 200, url)
    const post = await app.inject({ method: 'POST', url })
    t.equal(post.statusCode, 405, url)
    t.equal(post.headers.allow, 'GET, HEAD, OPTIONS', url)
  }
})

t.test('allow listing a method twice fails registration', async t => {
  t.match(await registrationError({ allow: ['GET', 'get'] }), {
    code: 'FST_ERR_METHOD_NOT_ALLOWED_INVALID_ROUTE_CONFIG',
    message: 'fastify-method-not-allowed: route GET /r: invalid config.methodNotAllowed.allow: a method is listed twice'
  })
})

t.test('allow on get("/", { prefixTrailingSlash: "slash" }) under a prefix ending in "/" narrows the route', async t => {
  // The GET route is `/v1//`; Fastify exposes its HEAD route at `/v1/` (it
  // strips the path's slash after a prefix ending in one). The plugin took
  // that HEAD route for a route of its own, declared with allow: ['GET'].
  const app = await build()
  await app.register(async scoped => {
    scoped.get('/', { prefixTrailingSlash: 'slash', config: { methodNotAllowed: { allow: ['GET'] } } }, ok)
  }, { prefix: '/v1/' })
  await app.ready()

  t.equal((await app.inject({ method: 'GET', url: '/v1//' })).statusCode, 200)
  t.equal((await app.inject({ method: 'HEAD', url: '/v1/' })).statusCode, 200)
  const res = await app.inject({ method: 'DELETE', url: '/v1//' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, OPTIONS')
  t.same(res.json(), body405('DELETE', '/v1//', 'GET, OPTIONS'))
})

t.test('allow on a prefixed route("/") applies where a HEAD route serves the prefix but not the prefix with a slash', async t => {
  // head('/:opt?') puts HEAD at `/API`, so Fastify exposes the GET route's
  // HEAD at `/API/` only; the plugin predicted no exposed HEAD and took that
  // route for a route of its own, declared with allow: ['GET'].
  const app = await build()
  await app.register(async scoped => {
    scoped.route({ method: ['HEAD', 'POST'], url: '/:opt?', handler: async () => 'optional' })
    scoped.route({ method: ['GET', 'PUT'], url: '/', config: { methodNotAllowed: { allow: ['GET'] } }, handler: ok })
  }, { prefix: '/API' })
  await app.ready()

  t.equal((await app.inject({ method: 'HEAD', url: '/API/' })).statusCode, 200)
  // POST: `/:opt?` matches `/API/` with an empty param.
  const res = await app.inject({ method: 'PUT', url: '/API/' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS, POST')
  t.same(res.json(), body405('PUT', '/API/', 'GET, HEAD, OPTIONS, POST'))
})
