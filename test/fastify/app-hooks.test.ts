import t from 'tap'
import Fastify from 'fastify'
import methodNotAllowed from '../../lib/plugin'

t.test('an auth hook registered before the plugin answers 401 before any 405', async t => {
  const app = Fastify()
  app.addHook('onRequest', async (request, reply) => {
    if (request.headers.authorization !== 'Bearer ok') return reply.code(401).send({ error: 'unauthorized' })
  })
  await app.register(methodNotAllowed)
  app.get('/private', async () => 'secret')

  const anonymous = await app.inject({ method: 'DELETE', url: '/private' })
  t.equal(anonymous.statusCode, 401)
  t.equal(anonymous.headers.allow, undefined)
  t.same(anonymous.json(), { error: 'unauthorized' })

  const authenticated = await app.inject({ method: 'DELETE', url: '/private', headers: { authorization: 'Bearer ok' } })
  t.equal(authenticated.statusCode, 405)
  t.equal(authenticated.headers.allow, 'GET, HEAD, OPTIONS')
})

t.test('preHandler auth hooks run before the decision too', async t => {
  const app = Fastify()
  app.addHook('preHandler', async (_request, reply) => reply.code(403).send({ error: 'forbidden' }))
  await app.register(methodNotAllowed)
  app.get('/private', async () => 'secret')
  t.equal((await app.inject({ method: 'DELETE', url: '/private' })).statusCode, 403)
})

t.test('hooks that decorate the reply show on 405s; onResponse sees the 405', async t => {
  const app = Fastify()
  const seen: number[] = []
  app.addHook('onRequest', async (_request, reply) => { reply.header('x-request-hook', 'ran') })
  app.addHook('onResponse', async (_request, reply) => { seen.push(reply.statusCode) })
  await app.register(methodNotAllowed)
  app.get('/a', async () => 'a')

  const res = await app.inject({ method: 'PUT', url: '/a' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers['x-request-hook'], 'ran')
  t.same(seen, [405])
})
