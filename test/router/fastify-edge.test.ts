import t from 'tap'
import Fastify, { type FastifyBaseLogger } from 'fastify'
import methodNotAllowed from '../../lib/plugin'
import { isExposedHead } from '../../lib/router/exposed-head'
import { isLoggingOff, isRootInstance, printsAt, readRoutes, type RequestHook } from '../../lib/router/fastify-edge'

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

t.test('a hook put after a named hook runs right after it, before the hooks added later, in that hook\'s lifecycle', async t => {
  const app = Fastify()
  const order: string[] = []
  for (const lifecycle of ['onRequest', 'preParsing', 'preValidation', 'preHandler'] as const) {
    app.addHook(lifecycle, async function marked () { order.push(`marked ${lifecycle}`) })
  }
  app.addHook('onRequest', async function later () { order.push('later onRequest') })
  await app.register(async child => {
    child.addHook('preValidation', async function named () { order.push('named') })
    child.addHook('preValidation', async function afterNamed () { order.push('after named') })
    child.route({ method: ['GET', 'OPTIONS'], url: '/a', config: { own: 1 }, handler: async () => 'a' })
  })
  app.get('/b', async () => 'b')
  await app.ready()
  const [get, options] = readRoutes(app, ['GET', 'OPTIONS']).filter(route => route.pattern === '/a')
  t.same(options.routeConfig, { own: 1, url: '/a', method: ['GET', 'OPTIONS'] })
  t.not(options.server, app)
  t.equal(Object.getPrototypeOf(options.server), app)
  const made: string[] = []
  t.equal(options.addHookAfter('named', lifecycle => {
    made.push(lifecycle)
    return function inserted (_request: unknown, _reply: unknown, done: () => void) { order.push('inserted'); done() }
  }), 'preValidation')
  t.same(made, ['preValidation'])
  // Methods declared together share their hooks: a second hook of the same name is not added.
  t.equal(get.addHookAfter('named', () => function inserted () {}), 'preValidation')
  t.equal(options.addHookAfter('nowhere', () => () => {}), undefined)
  const [b] = readRoutes(app, ['GET']).filter(route => route.pattern === '/b')
  t.equal(b.addHookAfter('named', () => () => {}), undefined, 'a route without hooks of that name')

  t.equal((await app.inject({ method: 'OPTIONS', url: '/a' })).body, 'a')
  t.same(order, ['marked onRequest', 'later onRequest', 'marked preParsing', 'marked preValidation', 'named', 'inserted', 'after named', 'marked preHandler'])
  order.length = 0
  await app.inject({ method: 'GET', url: '/b' })
  t.same(order, ['marked onRequest', 'later onRequest', 'marked preParsing', 'marked preValidation', 'marked preHandler'])
})

t.test('a hook put after a named preHandler of a route\'s not-found handler runs when the route calls reply.callNotFound(), and on the 404s of its prefix', async t => {
  const app = Fastify()
  const order: string[] = []
  app.addHook('preHandler', async function named () { order.push('named') })
  app.addHook('preHandler', async function later () { order.push('later') })
  app.setNotFoundHandler(async (_request, reply) => await reply.code(404).send('not found'))
  app.options('/a', (_request, reply) => { reply.callNotFound() })
  app.options('/b', (_request, reply) => { reply.callNotFound() })
  await app.ready()
  const [a, b] = readRoutes(app, ['OPTIONS'])
  const make = (): RequestHook => function inserted (_request: unknown, _reply: unknown, done: () => void) { order.push('inserted'); done() }
  t.equal(a.addNotFoundHookAfter('named', make), 'preHandler')
  t.equal(b.addNotFoundHookAfter('named', make), 'preHandler', 'shared by the routes of a prefix: added once')
  t.equal(a.addNotFoundHookAfter('nowhere', make), undefined)
  const res = await app.inject({ method: 'OPTIONS', url: '/a' })
  t.equal(res.statusCode, 404)
  t.equal(res.body, 'not found')
  // The route's own preHandler hooks, then the not-found handler's.
  t.same(order, ['named', 'later', 'named', 'inserted', 'later'])
  order.length = 0
  await app.inject({ method: 'GET', url: '/nothing' })
  t.same(order, ['named', 'inserted', 'later'])
})

t.test('with logging off, every request\'s logger is Fastify\'s one logger that prints nothing; pino says which levels it prints; other loggers are taken to print', async t => {
  const off = Fastify()
  let requestLog: unknown
  off.get('/', { logLevel: 'trace' }, async request => { requestLog = request.log; return 'ok' })
  await off.inject('/')
  t.equal(requestLog, off.log, 'logger-factory.js: the logger of logging off is its own child')
  t.equal(isLoggingOff(off), true)
  t.equal(printsAt('warn')(off.log), false)
  t.equal(printsAt('fatal')(off.log), false)
  t.equal(isLoggingOff(Fastify({ logger: false })), true)

  const pino = Fastify({ logger: { level: 'error' } })
  t.equal(isLoggingOff(pino), false)
  t.equal(printsAt('warn')(pino.log), false)
  t.equal(printsAt('error')(pino.log), true)
  t.equal(printsAt('warn')(pino.log.child({}, { level: 'debug' })), true, 'a child at its own level, as a route\'s logLevel makes')
  t.equal(printsAt('warn')(off.log), false, 'logging off in another instance of the same Fastify')

  const own = { level: 'info', fatal () {}, error () {}, warn () {}, info () {}, debug () {}, trace () {}, child () { return own } }
  const custom = Fastify({ loggerInstance: own as unknown as FastifyBaseLogger })
  t.equal(isLoggingOff(custom), false)
  t.equal(printsAt('trace')(custom.log), true)
})
