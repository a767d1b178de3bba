import t from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import cors from '@fastify/cors'
import methodNotAllowed, { type FastifyMethodNotAllowedOptions } from '../../lib/plugin'

function routes (app: FastifyInstance): void {
  app.get('/users/:id', async () => 'user')
  app.put('/users/:id', async () => 'put')
  app.post('/users', { onRequest: async () => {} }, async () => 'created')
  app.get('/files/*', async () => 'file')
  app.options('/', async () => 'root options')
  app.register(async instance => {
    instance.addHook('preHandler', async () => {})
    instance.get('/', async () => 'v1')
    instance.delete('/items/:id', async () => 'deleted')
  }, { prefix: '/v1' })
}

async function table (withPlugin: boolean, options?: FastifyMethodNotAllowedOptions): Promise<string> {
  const app = Fastify()
  await app.register(cors)
  if (withPlugin) await app.register(methodNotAllowed, options ?? {})
  routes(app)
  await app.ready()
  return app.printRoutes({ includeHooks: true, commonPrefix: false })
}

t.test('matched routes get no hook from the plugin', async t => {
  const bare = await table(false)
  t.match(bare, /onRequest/, 'the comparison sees hooks')
  t.equal(await table(true), bare)
  t.equal(await table(true, { autoOptions: false, notImplemented: false, catchAllIsResource: true, hints: true }), bare)
})

t.test('allowOnSuccess adds exactly one onRequest hook per route', async t => {
  const withAllow = await table(true, { allowOnSuccess: true })
  t.not(withAllow, await table(false))
  t.match(withAllow, /allowOnSuccess\(\)/)
})

t.test('allowOnSuccess sends Allow on matched responses', async t => {
  const app = Fastify()
  await app.register(methodNotAllowed, { allowOnSuccess: true })
  app.get('/users/:id', { onRequest: [async () => {}] }, async () => 'user')
  app.put('/users/:id', { onRequest: async () => {} }, async () => 'put')
  app.post('/users', async () => 'created')

  const get = await app.inject({ method: 'GET', url: '/users/1' })
  t.equal(get.statusCode, 200)
  t.equal(get.headers.allow, 'GET, HEAD, OPTIONS, PUT')
  t.equal(get.body, 'user')
  t.equal((await app.inject({ method: 'POST', url: '/users' })).headers.allow, 'OPTIONS, POST')
})
