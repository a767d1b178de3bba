import t from 'tap'
import Fastify, { type FastifyReply } from 'fastify'
import methodNotAllowed from '../../lib/plugin'
import { build, body404 } from '../helpers/app'

t.test('a root 404 handler set after the plugin still answers unknown URLs; known URLs get 405', async t => {
  const app = await build()
  app.setNotFoundHandler(async (request, reply) => reply.code(404).send({ custom: request.url }))
  app.get('/a', async () => 'a')

  t.same((await app.inject({ method: 'GET', url: '/zzz' })).json(), { custom: '/zzz' })
  const res = await app.inject({ method: 'POST', url: '/a' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
})

t.test('404 handlers at several prefixes, set before and after their routes', async t => {
  const app = await build()
  app.get('/root', async () => 'root')
  await app.register(async instance => {
    instance.setNotFoundHandler(async (_request, reply) => reply.code(404).send('v1 not found'))
    instance.get('/users', async () => 'users')
  }, { prefix: '/v1' })
  await app.register(async instance => {
    instance.get('/users', async () => 'users')
    instance.setNotFoundHandler({ preHandler: async (_request: unknown, reply: FastifyReply) => { reply.header('x-v2', 'pre') } },
      async (_request, reply) => reply.code(404).send('v2 not found'))
  }, { prefix: '/v2' })

  t.equal((await app.inject({ method: 'GET', url: '/v1/nope' })).body, 'v1 not found')
  t.equal((await app.inject({ method: 'DELETE', url: '/v1/users' })).statusCode, 405)
  const v2 = await app.inject({ method: 'DELETE', url: '/v2/users' })
  t.equal(v2.statusCode, 405)
  t.equal(v2.headers.allow, 'GET, HEAD, OPTIONS')
  t.equal(v2.headers['x-v2'], 'pre', 'the app\'s own not-found preHandler runs before the decision')
  t.equal((await app.inject({ method: 'GET', url: '/v2/nope' })).body, 'v2 not found')
  t.equal((await app.inject({ method: 'DELETE', url: '/root' })).statusCode, 405)
})

t.test('setNotFoundHandler with options only keeps working and keeps the slot free', async t => {
  const app = await build()
  // Options without a handler: valid at run time, missing from Fastify's types.
  const setHooksOnly = app.setNotFoundHandler.bind(app) as unknown as (opts: object) => void
  setHooksOnly({ preHandler: [async (_request: unknown, reply: FastifyReply) => { reply.header('x-a', '1') }] })
  app.setNotFoundHandler(async (_request, reply) => reply.code(404).send('mine'))
  app.get('/a', async () => 'a')

  t.equal((await app.inject({ method: 'GET', url: '/nope' })).body, 'mine')
  t.equal((await app.inject({ method: 'POST', url: '/a' })).statusCode, 405)
})

t.test('registering the plugin after the root 404 handler fails with what to do', async t => {
  const app = Fastify()
  app.setNotFoundHandler(async (_request, reply) => reply.code(404).send('mine'))
  await t.rejects(async () => { await app.register(methodNotAllowed) }, {
    code: 'FST_ERR_METHOD_NOT_ALLOWED_REGISTERED_LATE',
    message: 'fastify-method-not-allowed: a not-found handler is already set for prefix "/"; register fastify-method-not-allowed before calling setNotFoundHandler so that its 405 answers cover that handler'
  })
})

t.test('a matched route whose handler calls callNotFound keeps the 404', async t => {
  const app = await build()
  app.get('/maybe/:id', async (_request, reply) => { reply.callNotFound() })
  app.post('/maybe/:id', async () => 'post')

  const res = await app.inject({ method: 'GET', url: '/maybe/1' })
  t.equal(res.statusCode, 404)
  t.equal(res.headers.allow, undefined)
  t.same(res.json(), body404('GET', '/maybe/1'))
})

t.test('a matched route whose handler replies 404 is never rewritten', async t => {
  const app = await build()
  app.get('/gone/:id', async (_request, reply) => reply.code(404).send({ gone: true }))

  const res = await app.inject({ method: 'GET', url: '/gone/1' })
  t.equal(res.statusCode, 404)
  t.same(res.json(), { gone: true })
})
