import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import methodNotAllowed from '../../lib/plugin'
import { body404, body405, body501, build } from '../helpers/app'
import { listen, rawRequest } from '../helpers/raw'

const notRoot = (prefix: string): { code: string, message: string } => ({
  code: 'FST_ERR_METHOD_NOT_ALLOWED_NOT_ROOT',
  message: `fastify-method-not-allowed: registered inside an encapsulated context (prefix "${prefix}"); register it on the root instance (or inside a plugin wrapped with fastify-plugin): Fastify has one router for the whole app, and an encapsulated registration would change the 404 answers of other contexts. To leave routes out, set config.methodNotAllowed: false on them`
})

t.test('registered in a prefixed child beside a root 404 handler, it fails instead of taking /api/* from the root handler', async t => {
  const app = Fastify()
  app.setNotFoundHandler(async (request, reply) => reply.code(404).send({ app: request.url }))
  await t.rejects(async () => app.register(async api => {
    await api.register(methodNotAllowed)
    api.get('/users', async () => 'users')
  }, { prefix: '/api' }), notRoot('/api'))
})

t.test('registered at the root, a sibling 404 handler at the same prefix boots and keeps its URLs', async t => {
  const app = await build()
  app.setNotFoundHandler(async (request, reply) => reply.code(404).send({ root: request.url }))
  await app.register(async api => { api.get('/users', async () => 'users') }, { prefix: '/api' })
  await app.register(async api => {
    api.setNotFoundHandler(async (request, reply) => reply.code(404).send({ api: request.url }))
  }, { prefix: '/api' })
  await app.ready()

  t.same((await app.inject({ method: 'GET', url: '/api/zzz' })).json(), { api: '/api/zzz' })
  t.same((await app.inject({ method: 'GET', url: '/zzz' })).json(), { root: '/zzz' })
  const res = await app.inject({ method: 'DELETE', url: '/api/users' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
  t.same(res.json(), body405('DELETE', '/api/users', 'GET, HEAD, OPTIONS'))
})

t.test('registered in an unprefixed child with a 401 hook, it fails instead of turning every 404 into 401', async t => {
  const app = Fastify()
  app.get('/root', async () => 'root')
  await t.rejects(async () => app.register(async child => {
    child.addHook('onRequest', async (_request, reply) => reply.code(401).send({ auth: 'required' }))
    await child.register(methodNotAllowed)
  }), notRoot(''))
})

t.test('at the root, a child\'s 401 hook stays in that child', async t => {
  const app = await build()
  app.get('/root', async () => 'root')
  await app.register(async child => {
    child.addHook('onRequest', async (_request, reply) => reply.code(401).send({ auth: 'required' }))
    child.get('/private', async () => 'private')
  })

  t.same((await app.inject({ method: 'GET', url: '/zzz' })).json(), body404('GET', '/zzz'))
  const root = await app.inject({ method: 'POST', url: '/root' })
  t.equal(root.statusCode, 405)
  t.equal(root.headers.allow, 'GET, HEAD, OPTIONS')
  t.equal((await app.inject({ method: 'GET', url: '/private' })).statusCode, 401)
})

t.test('inside a plugin wrapped with fastify-plugin it is at the root, and works', async t => {
  const app = Fastify()
  await app.register(fp(async instance => { await instance.register(methodNotAllowed) }))
  app.get('/a', async () => 'a')
  const res = await app.inject({ method: 'POST', url: '/a' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
})

t.test('registered without await, before the routes: every route counts, route config included', async t => {
  const app = Fastify()
  app.register(methodNotAllowed)
  app.get('/a', async () => 'a')
  app.get('/admin', { config: { methodNotAllowed: false } }, async () => 'admin')

  const res = await app.inject({ method: 'POST', url: '/a' })
  t.equal(res.statusCode, 405)
  t.same(res.json(), body405('POST', '/a', 'GET, HEAD, OPTIONS'))
  t.same((await app.inject({ method: 'POST', url: '/admin' })).json(), body404('POST', '/admin'))
})

t.test('an early route keeps its 405 when a hidden route declared later also matches its URL', async t => {
  const app = Fastify()
  app.get('/users', async () => 'users')
  await app.register(methodNotAllowed)
  app.get('/:slug', { config: { methodNotAllowed: false } }, async () => 'slug')

  const res = await app.inject({ method: 'DELETE', url: '/users' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
  t.same(res.json(), body405('DELETE', '/users', 'GET, HEAD, OPTIONS'))
  t.same(app.allowedMethods('/users'), ['GET', 'HEAD', 'OPTIONS'])
  t.same((await app.inject({ method: 'DELETE', url: '/other' })).json(), body404('DELETE', '/other'))
})

t.test('an early all() route keeps its 501 beside a later hidden wildcard', async t => {
  const app = Fastify()
  app.all('/x', async () => 'x')
  await app.register(methodNotAllowed)
  app.post('/*', { config: { methodNotAllowed: false } }, async () => 'hidden')

  const res = await app.inject({ method: 'PROPFIND' as 'GET', url: '/x' })
  t.equal(res.statusCode, 501)
  t.same(res.json(), body501('PROPFIND'))
  // A method routed nowhere gets its 501 on a hidden URL too, as on every URL.
  t.same((await app.inject({ method: 'PROPFIND' as 'GET', url: '/y' })).json(), body501('PROPFIND'))
})

t.test('version-constrained routes declared before the plugin make Allow follow Accept-Version', async t => {
  const app = Fastify()
  app.get('/v', { constraints: { version: '1.0.0' } }, async () => 'v1')
  app.post('/w', { constraints: { version: '1.0.0' } }, async () => 'w1')
  app.get('/w', async () => 'w')
  await app.register(methodNotAllowed)

  const versioned = await app.inject({ method: 'DELETE', url: '/v', headers: { 'accept-version': '1.0.0' } })
  t.equal(versioned.statusCode, 405)
  t.equal(versioned.headers.allow, 'GET, HEAD, OPTIONS')
  t.same((await app.inject({ method: 'DELETE', url: '/v' })).json(), body404('DELETE', '/v'))

  const unversioned = await app.inject({ method: 'DELETE', url: '/w' })
  t.equal(unversioned.statusCode, 405)
  t.equal(unversioned.headers.allow, 'GET, HEAD, OPTIONS', 'POST needs a version this client does not send')
  const v1 = await app.inject({ method: 'DELETE', url: '/w', headers: { 'accept-version': '1.0.0' } })
  t.equal(v1.statusCode, 405)
  t.equal(v1.headers.allow, 'OPTIONS, POST', 'a versioned request never reaches unversioned routes')
})

t.test('OPTIONS * never reaches an OPTIONS route at the root declared before the plugin', async t => {
  const app = Fastify()
  let invoked = 0
  app.options('/', async () => { invoked++; return 'root options' })
  app.get('/a', async () => 'a')
  await app.register(methodNotAllowed)
  const port = await listen(t, app)

  const res = await rawRequest(port, 'OPTIONS * HTTP/1.1')
  t.equal(res.status, 200)
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
  t.equal(res.body, '')
  t.equal(invoked, 0)
  t.equal((await rawRequest(port, 'OPTIONS / HTTP/1.1')).body, 'root options')
  t.equal(invoked, 1)
})

t.test('a route declared before the plugin with allow fails ready(), saying what to do', async t => {
  const app = Fastify()
  app.all('/mirror/*', { config: { methodNotAllowed: { allow: ['GET'] } } }, async () => 'mirror')
  await app.register(methodNotAllowed)
  await t.rejects(async () => app.ready(), {
    code: 'FST_ERR_METHOD_NOT_ALLOWED_INVALID_ROUTE_CONFIG',
    message: /^fastify-method-not-allowed: route [A-Z]+ \/mirror\/\*: invalid config\.methodNotAllowed\.allow: the route was declared before fastify-method-not-allowed was registered, so this can no longer be applied to it; await app\.register\(fastifyMethodNotAllowed\) before declaring it$/
  })
})

t.test('a route declared before the plugin with a bad config fails ready() as it would have at registration', async t => {
  const app = Fastify()
  app.get('/r', { config: { methodNotAllowed: 'yes' as never } }, async () => 'r')
  await app.register(methodNotAllowed)
  await t.rejects(async () => app.ready(), {
    code: 'FST_ERR_METHOD_NOT_ALLOWED_INVALID_ROUTE_CONFIG',
    message: /^fastify-method-not-allowed: route (GET|HEAD) \/r: invalid config\.methodNotAllowed: expected false, true or \{ allow: \[\.\.\.\], deprecated: \{\.\.\.\} \}$/
  })
})

t.test('allowedMethods() before ready reads the routes as they are then', async t => {
  const app: FastifyInstance = await build()
  app.get('/a', async () => 'a')
  t.same(app.allowedMethods('/a'), ['GET', 'HEAD', 'OPTIONS'])
  app.post('/a', async () => 'a')
  t.same(app.allowedMethods('/a'), ['GET', 'HEAD', 'OPTIONS', 'POST'])
  app.get('/hidden', { config: { methodNotAllowed: false } }, async () => 'h')
  t.same(app.allowedMethods('/hidden'), [])
})

const supportedFastify = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { peerDependencies: { fastify: string } }).peerDependencies.fastify

/** An app whose `fastify.version` reads `version`, with the plugin registered. */
async function registerOn (version: string): Promise<FastifyInstance> {
  const app = Fastify()
  Object.defineProperty(app, 'version', { value: version })
  await app.register(methodNotAllowed)
  return app
}

const wrongFastify = (version: string): { code: string, message: string } => ({
  code: 'FST_ERR_METHOD_NOT_ALLOWED_FASTIFY_VERSION',
  message: `fastify-method-not-allowed: needs Fastify ${supportedFastify}, found Fastify ${version} (fastify.version); install a Fastify in that range`
})

t.test('register() refuses a Fastify outside the supported range, naming the version found and the range', async t => {
  t.equal(supportedFastify, '^5.12.4')
  // Fastify 5.7.0 to 5.12.3 report one release behind (5.12.3 reports 5.12.2): each is refused.
  for (const version of ['dev', '4.29.1', '5.0.0', '5.6.2', '5.11.3', '5.12.2', '5.12.3', '6.0.0', '6.0.0-alpha.4', '10.0.0']) {
    await t.rejects(registerOn(version), wrongFastify(version), version)
  }
})

t.test('register() accepts every Fastify 5 from 5.12.4, release candidates of a later minor included', async t => {
  for (const version of ['5.12.4', '5.12.10', '5.13.0', '5.13.0-rc.1', '5.20.1']) {
    const app = await registerOn(version)
    app.get('/a', async () => 'a')
    t.equal((await app.inject({ method: 'DELETE', url: '/a' })).statusCode, 405, version)
  }
})

t.test('the version check comes before fastify-plugin\'s: the plugin declares no fastify range of its own', async t => {
  t.same((methodNotAllowed as unknown as Record<symbol, unknown>)[Symbol.for('plugin-meta')], { name: 'fastify-method-not-allowed' })
})

t.test('the tests run on the Fastify this run asked for (FASTIFY_ALIAS, see scripts/test-fastify.js)', async t => {
  const wanted = process.env.FASTIFY_ALIAS ?? 'fastify'
  const installed = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'node_modules', wanted, 'package.json'), 'utf8')) as { version: string }).version
  t.equal((JSON.parse(readFileSync(require.resolve('fastify/package.json'), 'utf8')) as { version: string }).version, installed)
  t.equal(Fastify().version.split('.')[0], '5')
})

t.test('routes declared before the plugin answer 405 too', async t => {
  const app = Fastify()
  app.get('/before', async () => 'before')
  await app.register(methodNotAllowed)
  t.equal((await app.inject({ method: 'POST', url: '/before' })).statusCode, 405)
})
