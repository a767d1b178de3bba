import t from 'tap'
import Fastify from 'fastify'
import { build, body404, ok } from '../helpers/app'

t.test('a version-constrained method whose version does not match keeps the 404', async t => {
  const app = await build()
  app.get('/v', { constraints: { version: '1.2.0' } }, async () => 'v1')
  app.post('/v', async () => 'post')

  const noVersion = await app.inject({ method: 'GET', url: '/v' })
  t.equal(noVersion.statusCode, 404)
  t.same(noVersion.json(), body404('GET', '/v'))
  const otherVersion = await app.inject({ method: 'GET', url: '/v', headers: { 'accept-version': '2.x' } })
  t.equal(otherVersion.statusCode, 404)
  t.equal((await app.inject({ method: 'GET', url: '/v', headers: { 'accept-version': '1.x' } })).body, 'v1')
})

t.test('Allow lists the constrained methods the request\'s version reaches', async t => {
  const app = await build()
  app.get('/v', { constraints: { version: '1.2.0' } }, async () => 'v1')
  app.post('/v', { constraints: { version: '1.2.0' } }, async () => 'post')

  const matching = await app.inject({ method: 'DELETE', url: '/v', headers: { 'accept-version': '1.x' } })
  t.equal(matching.statusCode, 405)
  t.equal(matching.headers.allow, 'GET, HEAD, OPTIONS, POST')
  t.equal((await app.inject({ method: 'DELETE', url: '/v' })).statusCode, 404)
})

t.test('host constraints: Allow is what this host routes', async t => {
  const app = await build()
  app.get('/h', { constraints: { host: 'api.example' } }, async () => 'api')
  app.put('/h', async () => 'put')

  const api = await app.inject({ method: 'DELETE', url: '/h', headers: { host: 'api.example' } })
  t.equal(api.statusCode, 405)
  t.equal(api.headers.allow, 'GET, HEAD, OPTIONS, PUT')

  const other = await app.inject({ method: 'DELETE', url: '/h', headers: { host: 'www.example' } })
  t.equal(other.statusCode, 405)
  t.equal(other.headers.allow, 'OPTIONS, PUT')

  const wrongHost = await app.inject({ method: 'GET', url: '/h', headers: { host: 'www.example' } })
  t.equal(wrongHost.statusCode, 404, 'never a 405 whose Allow lacks only a constraint')
})

t.test('the same constraints on several routes are remembered once', async t => {
  const app = await build()
  app.get('/a', { constraints: { version: '1.0.0' } }, async () => 'a')
  app.get('/b', { constraints: { version: '1.0.0' } }, async () => 'b')
  app.post('/b', async () => 'b')
  t.equal((await app.inject({ method: 'GET', url: '/b' })).statusCode, 404)
})

t.test('allowOnSuccess on a versioned route lists what that version reaches', async t => {
  const app = await build({ allowOnSuccess: true })
  app.get('/v', { constraints: { version: '1.2.0' } }, async () => 'v1')
  app.put('/v', { constraints: { version: '1.2.0' } }, async () => 'put')
  app.get('/v', { constraints: { version: '2.0.0' } }, async () => 'v2')

  const v1 = await app.inject({ method: 'GET', url: '/v', headers: { 'accept-version': '1.x' } })
  t.equal(v1.body, 'v1')
  t.equal(v1.headers.allow, 'GET, HEAD, OPTIONS, PUT')
  const v2 = await app.inject({ method: 'GET', url: '/v', headers: { 'accept-version': '2.x' } })
  t.equal(v2.body, 'v2')
  t.equal(v2.headers.allow, 'GET, HEAD, OPTIONS')
})

t.test('an empty constraints object constrains nothing', async t => {
  const app = await build()
  app.get('/e', { constraints: {} }, async () => 'e')

  const res = await app.inject({ method: 'DELETE', url: '/e', headers: { 'accept-version': '1.x' } })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
})

t.test('a request with Accept-Version keeps the 404 where its method is routed for clients without a version', async t => {
  // For example, TRACE / with Accept-Version: 2.0.0 against all('/') and a
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
