import t from 'tap'
import Fastify from 'fastify'
import methodNotAllowed from '../../lib/plugin'
import { isExposedHead } from '../../lib/router/exposed-head'
import { isRootInstance, readRoutes } from '../../lib/router/fastify-edge'

// The one door to Fastify's internals: each assumption it makes, pinned.

t.test('every route of the router is read, early ones and those Fastify adds included', async t => {
  const app = Fastify()
  app.get('/early', async () => 'early')
  await app.register(async api => { api.get('/', async () => 'index') }, { prefix: '/v1' })
  app.post('/v', { constraints: { version: '1.0.0' }, config: { methodNotAllowed: false } }, async () => 'v')
  await app.ready()
  const routes = readRoutes(app, ['GET', 'HEAD', 'POST']).map(({ method, pattern, constraints, config }) => ({ method, pattern, constraints, config }))
  t.same(routes, [
    { method: 'GET', pattern: '/early', constraints: {}, config: undefined },
    { method: 'GET', pattern: '/v1', constraints: {}, config: undefined },
    { method: 'GET', pattern: '/v1/', constraints: {}, config: undefined },
    { method: 'HEAD', pattern: '/early', constraints: {}, config: undefined },
    { method: 'HEAD', pattern: '/v1', constraints: {}, config: undefined },
    { method: 'HEAD', pattern: '/v1/', constraints: {}, config: undefined },
    { method: 'POST', pattern: '/v', constraints: { version: '1.0.0' }, config: false }
  ])
  t.same(readRoutes(app, ['DELETE']), [])
})

t.test('reading the routes leaves Fastify\'s route objects as they were', async t => {
  const app = Fastify()
  app.get('/a', async () => 'a')
  await app.ready()
  const before = app.printRoutes({ method: 'GET', includeMeta: true })
  readRoutes(app, ['GET'])
  t.equal(app.printRoutes({ method: 'GET', includeMeta: true }), before)
})

t.test('a Fastify whose printRoutes hands out no routes fails ready() loudly', async t => {
  const app = Fastify()
  await app.register(methodNotAllowed)
  app.get('/a', async () => 'a')
  app.printRoutes = () => '└── /a (GET)\n'
  await t.rejects(async () => app.ready(), {
    code: 'FST_ERR_METHOD_NOT_ALLOWED_UNREADABLE_ROUTES',
    message: 'fastify-method-not-allowed: cannot read the route table of this Fastify version; please report it with your Fastify and find-my-way versions'
  })
})

t.test('the root instance is told from encapsulated contexts', async t => {
  const app = Fastify()
  t.equal(isRootInstance(app), true)
  await app.register(async child => { t.equal(isRootInstance(child), false) })
})

t.test('the HEAD routes Fastify exposes are told from HEAD routes the app declares', async t => {
  const app = Fastify()
  const exposed: string[] = []
  app.addHook('onRoute', route => { if (isExposedHead(route)) exposed.push(String(route.url)) })
  const own = async (): Promise<void> => {}
  app.get('/a', async () => 'a')
  app.get('/b', { onSend: own }, async () => 'b')
  app.get('/c', { onSend: [own, own] }, async () => 'c')
  app.head('/d', { onSend: own }, async () => '')
  app.get('/e', { exposeHeadRoute: false }, async () => 'e')
  app.head('/e', async () => '')
  await app.ready()
  t.same(exposed, ['/a', '/b', '/c'])
})
