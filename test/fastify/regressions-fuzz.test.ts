import t from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import methodNotAllowed from '../../lib/plugin'
import { matchingOptions } from '../../lib/router/fastify-edge'
import { build, body404, body405 } from '../helpers/app'

// Each test pins a disagreement that differential fuzzing (test/fuzz.test.ts,
// `npm run fuzz`) found between the plugin and a twin app without it, or a
// sibling of one found while fixing it. The name says what was wrong.

const ok = async (): Promise<string> => 'ok'

async function withPluginAndOptions (server: Record<string, unknown>): Promise<FastifyInstance> {
  const app = Fastify(server)
  await app.register(methodNotAllowed)
  return app
}

t.test('a hidden get("/") under a prefix no longer fails registration with ignoreTrailingSlash', async t => {
  // The private router of hidden patterns got both `/v1` and `/v1/`, one
  // route under ignoreTrailingSlash, and threw "Method 'GET' already declared".
  const app = await withPluginAndOptions({ routerOptions: { ignoreTrailingSlash: true } })
  await app.register(async scoped => {
    scoped.get('/', { config: { methodNotAllowed: false } }, ok)
  }, { prefix: '/v1' })
  await app.ready()

  for (const url of ['/v1', '/v1/']) {
    const res = await app.inject({ method: 'DELETE', url })
    t.equal(res.statusCode, 404, url)
    t.same(res.json(), body404('DELETE', url))
  }
})

t.test('hidden routes whose patterns differ only in param names no longer fail registration', async t => {
  const app = await build()
  app.get('/users/:id', { config: { methodNotAllowed: false } }, ok)
  app.delete('/users/:name', { config: { methodNotAllowed: false } }, ok)
  await app.ready()

  const res = await app.inject({ method: 'PATCH', url: '/users/1' })
  t.equal(res.statusCode, 404)
  t.same(res.json(), body404('PATCH', '/users/1'))
})

t.test('hidden root catch-alls spelt `/*` and `*` no longer fail registration', async t => {
  const app = await build()
  app.get('/*', { config: { methodNotAllowed: false } }, ok)
  app.post('*', { config: { methodNotAllowed: false } }, ok)
  await app.ready()

  const res = await app.inject({ method: 'PUT', url: '/anything' })
  t.equal(res.statusCode, 404)
})

t.test('a hidden pattern no longer hides a more specific visible route that the router prefers', async t => {
  // Found as `/p/:x/:id/*` (hidden) against `/p/:x/API/item-1/b`: the hidden
  // pattern matched the URL, so the URL was hidden although Fastify serves it
  // with the visible route for every method.
  const app = await build()
  app.get('/:slug', { config: { methodNotAllowed: false } }, ok)
  app.get('/users', ok)
  app.put('/users', ok)
  await app.ready()

  const res = await app.inject({ method: 'DELETE', url: '/users' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS, PUT')
  t.same(res.json(), body405('DELETE', '/users', 'GET, HEAD, OPTIONS, PUT'))
  t.same(app.allowedMethods('/users'), ['GET', 'HEAD', 'OPTIONS', 'PUT'])

  const options = await app.inject({ method: 'OPTIONS', url: '/users' })
  t.equal(options.statusCode, 200)
  t.equal(options.headers.allow, 'GET, HEAD, OPTIONS, PUT')

  // The URLs the hidden route does serve stay hidden.
  const hidden = await app.inject({ method: 'DELETE', url: '/about' })
  t.equal(hidden.statusCode, 404)
  t.same(hidden.json(), body404('DELETE', '/about'))
  t.same(app.allowedMethods('/about'), [])
})

t.test('a hidden wildcard under a prefix no longer hides the static routes below it', async t => {
  const app = await build({ autoOptions: false })
  await app.register(async scoped => {
    scoped.all('/:id/*', { config: { methodNotAllowed: false } }, ok)
    scoped.all('/API/item-1/b', ok)
  }, { prefix: '/p/:x' })
  await app.ready()

  t.same(app.allowedMethods('/p/1/API/item-1/b'), ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'QUERY', 'TRACE'])
  t.same(app.allowedMethods('/p/1/other/x'), [])
})

t.test('a hidden route that only serves other clients (another version) still hides its URL', async t => {
  // Deliberate, and kept by the fix: "Hidden routes keep their secret" for every client.
  const app = await build()
  app.get('/report', { constraints: { version: '1.0.0' }, config: { methodNotAllowed: false } }, ok)
  app.post('/report', ok)
  await app.ready()

  const res = await app.inject({ method: 'DELETE', url: '/report' })
  t.equal(res.statusCode, 404)
  t.same(app.allowedMethods('/report'), [])
})

t.test('a hidden route under a prefix ending in a slash no longer hides the double-slash URL Fastify does not route', async t => {
  // With ignoreTrailingSlash, Fastify inserts get('/') under `/v1/` as `/v1/`
  // only; the plugin also hid `/v1//`, which only the visible wildcard serves.
  const app = await withPluginAndOptions({ routerOptions: { ignoreTrailingSlash: true } })
  await app.register(async scoped => {
    scoped.get('/', { config: { methodNotAllowed: false } }, ok)
    scoped.post('*', ok)
  }, { prefix: '/v1/' })
  await app.ready()

  const res = await app.inject({ method: 'DELETE', url: '/v1//' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'OPTIONS, POST')
  t.same(app.allowedMethods('/v1//'), ['OPTIONS', 'POST'])
  t.equal((await app.inject({ method: 'DELETE', url: '/v1/' })).statusCode, 404)
})

t.test('a hidden route declared with an empty path under a prefix no longer hides the prefix with a trailing slash', async t => {
  // get('') under `/v1` is inserted as `/v1` only; `/v1/` belongs to the POST route.
  const app = await build()
  await app.register(async scoped => {
    scoped.get('', { config: { methodNotAllowed: false } }, ok)
    scoped.post('/', ok)
  }, { prefix: '/v1' })
  await app.ready()

  const res = await app.inject({ method: 'DELETE', url: '/v1/' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'OPTIONS, POST')
  t.equal((await app.inject({ method: 'DELETE', url: '/v1' })).statusCode, 404)
})

t.test('a request with Accept-Version keeps the 404 where its method is routed for clients without a version', async t => {
  // Found as TRACE / with Accept-Version: 2.0.0 against all('/') and a
  // versioned PATCH /: find-my-way never serves an unversioned route to a
  // request that sends a version, so Fastify answers 404, and the plugin
  // answered 405 "Allow: OPTIONS, PATCH" although GET / works without the header.
  const app = await build()
  app.get('/', ok)
  app.patch('/', { constraints: { version: '2.0.0' } }, ok)
  await app.ready()

  const twin = Fastify()
  twin.get('/', ok)
  twin.patch('/', { constraints: { version: '2.0.0' } }, ok)
  const premise = await twin.inject({ method: 'GET', url: '/', headers: { 'accept-version': '2.0.0' } })
  t.equal(premise.statusCode, 404, 'Fastify alone does not serve GET / to a versioned request')

  const res = await app.inject({ method: 'GET', url: '/', headers: { 'accept-version': '2.0.0' } })
  t.equal(res.statusCode, 404)
  t.equal(res.headers.allow, undefined)
  t.same(res.json(), body404('GET', '/'))

  // A method routed for nobody still answers 405, with the methods routed for this request.
  const other = await app.inject({ method: 'DELETE', url: '/', headers: { 'accept-version': '2.0.0' } })
  t.equal(other.statusCode, 405)
  t.equal(other.headers.allow, 'OPTIONS, PATCH')
})

t.test('routerOptions wins over a conflicting deprecated top-level router option, as in Fastify', async t => {
  // Found as allowedMethods('//a') = ['TRACE'] with a root catch-all: the
  // plugin read ignoreDuplicateSlashes from the top level, Fastify from routerOptions.
  const app = await withPluginAndOptions({ routerOptions: { ignoreDuplicateSlashes: false }, ignoreDuplicateSlashes: true })
  app.get('*', ok)
  await app.ready()

  t.same(matchingOptions(app).ignoreDuplicateSlashes, false)
  const res = await app.inject({ method: 'DELETE', url: '//a' })
  t.equal(res.statusCode, 404)
  t.same(res.json(), body404('DELETE', '//a'))
  t.same(app.allowedMethods('//a'), [])
})

t.test('matchingOptions falls back to initialConfig when Fastify does not expose its router options', async t => {
  // Fastify keeps them under a private symbol; should that ever change, the
  // documented merge of initialConfig applies.
  const initialConfig = {
    caseSensitive: true,
    ignoreTrailingSlash: true,
    maxParamLength: 100,
    routerOptions: { ignoreDuplicateSlashes: true, maxParamLength: 100, useSemicolonDelimiter: false }
  }
  t.same(matchingOptions({ initialConfig } as unknown as FastifyInstance), {
    caseSensitive: true,
    ignoreTrailingSlash: true,
    ignoreDuplicateSlashes: true,
    useSemicolonDelimiter: false,
    maxParamLength: 100
  })
})

t.test('a hidden HEAD route beside the HEAD route Fastify exposes for an optional param no longer answers 500', async t => {
  // Found as DELETE / answering 500 "Method 'HEAD' already declared for route '/'":
  // GET /:opt? is inserted as /:opt and /, Fastify silently keeps the hidden
  // HEAD / it already had, and the plugin's private router threw at the first request.
  const app = await build({ autoOptions: false })
  app.route({ method: ['HEAD', 'PUT'], url: '/', config: { methodNotAllowed: false }, handler: ok })
  app.get('/:opt?', ok)
  await app.ready()

  const root = await app.inject({ method: 'DELETE', url: '/' })
  t.equal(root.statusCode, 404)
  t.same(root.json(), body404('DELETE', '/'))
  const param = await app.inject({ method: 'DELETE', url: '/x' })
  t.equal(param.statusCode, 405)
  t.equal(param.headers.allow, 'GET, HEAD')
})

t.test('regex params that find-my-way takes for one pattern no longer answer 500 beside a hidden route', async t => {
  // Found as DELETE /7/ answering 500 "Method 'HEAD' already declared for
  // route '/:()'": the HEAD route Fastify exposes for the hidden GET collides
  // with the explicit HEAD one (Fastify ignores that), and the plugin's
  // private router threw at the first request.
  const app = await build()
  app.head('/:id(^\\d+$)', ok)
  app.get('/:slug(^[a-z]+$)', { config: { methodNotAllowed: false } }, ok)
  await app.ready()

  const digits = await app.inject({ method: 'DELETE', url: '/7' })
  t.equal(digits.statusCode, 405)
  t.equal(digits.headers.allow, 'HEAD, OPTIONS')
  const letters = await app.inject({ method: 'DELETE', url: '/abc' })
  t.equal(letters.statusCode, 404)
  t.same(letters.json(), body404('DELETE', '/abc'))
})

t.test('allow on get("/", { prefixTrailingSlash: "slash" }) under a prefix ending in a slash no longer fails registration', async t => {
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

t.test('allow on a prefixed route("/") no longer fails where a HEAD route serves the prefix but not the prefix with a slash', async t => {
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
