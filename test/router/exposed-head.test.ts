import t from 'tap'
import Fastify, { type RouteOptions } from 'fastify'
import { createHeadTracker, follower, isExposedHead } from '../../lib/router/exposed-head'

// lib/router/exposed-head.ts assumes Fastify's onRoute order for exposeHeadRoutes.

t.test('HEAD follows GET, and no other method has a follower', async t => {
  t.equal(follower('GET'), 'HEAD')
  for (const method of ['HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) t.equal(follower(method), undefined, method)
})

t.test('onRoute sees the exposed HEAD route right after its GET route, with the very same config value', async t => {
  const app = Fastify()
  const seen: Array<{ method: unknown, value: unknown, exposed: boolean }> = []
  app.addHook('onRoute', (route: RouteOptions) => {
    seen.push({ method: route.method, value: (route.config as { mark?: unknown } | undefined)?.mark, exposed: isExposedHead(route) })
  })
  const mark = { any: 'object' }
  app.get('/a', { config: { mark } as object }, async () => 'a')
  app.head('/b', async () => '')
  await app.ready()
  t.same(seen.map(({ method, exposed }) => [method, exposed]), [['GET', false], ['HEAD', true], ['HEAD', false]])
  t.equal(seen[1].value, mark, 'a shallow copy of the options: the same value')
})

t.test('the tracker hands a GET route\'s payload to the HEAD route Fastify exposes for it, and to no other route', async t => {
  const app = Fastify()
  const heads = createHeadTracker<string>()
  const given: Array<string | undefined> = []
  app.addHook('onRoute', (route: RouteOptions) => {
    const value = (route.config as { mark?: unknown } | undefined)?.mark
    const exposed = heads.exposedFor(route, value)
    given.push(exposed?.payload)
    if (exposed === undefined) heads.declared(Array.isArray(route.method) ? route.method : [route.method], value, `${String(route.method)} ${route.url}`)
  })
  const mark = {}
  app.get('/a', { config: { mark } as object }, async () => 'a')
  app.get('/b', async () => 'b')
  app.post('/c', { config: { mark } as object }, async () => 'c')
  await app.ready()
  t.same(given, [undefined, 'GET /a', undefined, undefined, undefined])
})
