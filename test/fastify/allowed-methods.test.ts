import t from 'tap'
import Fastify from 'fastify'
import methodNotAllowed from '../../lib/plugin'
import { build } from '../helpers/app'

t.test('allowedMethods(url) returns the Allow list the plugin would send', async t => {
  const app = await build()
  app.get('/a/:id', async () => 'a')
  app.post('/a/:id', async () => 'a')
  await app.ready()

  t.same(app.allowedMethods('/a/1'), ['GET', 'HEAD', 'OPTIONS', 'POST'])
  t.same(app.allowedMethods('/a/1?x=y'), ['GET', 'HEAD', 'OPTIONS', 'POST'])
  t.same(app.allowedMethods('/nope'), [])
  t.same(app.allowedMethods('/a/%zz'), [])
})

t.test('allowedMethods works before ready() and in a custom 404 handler', async t => {
  const app = Fastify()
  app.addHttpMethod('MKCOL')
  await app.register(methodNotAllowed, { autoOptions: false })
  app.route({ method: 'MKCOL', url: '/dav', handler: async () => 'mkcol' })
  t.same(app.allowedMethods('/dav'), ['MKCOL'])
  app.setNotFoundHandler(async function (request, reply) {
    return reply.code(404).send({ url: request.url, methods: this.allowedMethods(request.url) })
  })
  t.same((await app.inject({ method: 'GET', url: '/nope' })).json(), { url: '/nope', methods: [] })
})

t.test('allowedMethods(url, request) answers for the request\'s Host and Accept-Version', async t => {
  const app = await build()
  app.put('/tenant', { constraints: { host: 'api.example' } }, async () => 'tenant')
  app.get('/tenant', async () => 'anyone')
  app.delete('/tenant', { constraints: { version: '2.0.0' } }, async () => 'v2')
  // Not a route: an unversioned route never matches a request that sends Accept-Version.
  app.setNotFoundHandler(async request => app.allowedMethods('/tenant', request))
  await app.ready()

  t.same(app.allowedMethods('/tenant'), ['GET', 'HEAD', 'OPTIONS'], 'without a request: a client that sends neither')
  const ask = async (headers: Record<string, string>): Promise<string[]> => (await app.inject({ method: 'GET', url: '/ask', headers })).json()
  t.same(await ask({ host: 'api.example' }), ['GET', 'HEAD', 'OPTIONS', 'PUT'])
  // find-my-way: a request that sends Accept-Version matches versioned routes only.
  t.same(await ask({ host: 'api.example', 'accept-version': '2.x' }), ['DELETE', 'OPTIONS'])
  t.same(await ask({ host: 'other.example' }), ['GET', 'HEAD', 'OPTIONS'])
})
