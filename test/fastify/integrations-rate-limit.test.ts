import t, { type Test } from 'tap'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import rateLimit from '@fastify/rate-limit'
import methodNotAllowed from '../../lib/plugin'
import { body404, body405 } from '../helpers/app'

// @fastify/rate-limit adds its hook to each route in onRoute: by itself it
// limits matched routes only, never the not-found path where 404s and 405s are
// decided. Its README's recipe rate-limits that path with a preHandler on the
// not-found handler; the plugin's decision runs after that preHandler, so
// 404s, 405s, 501s and automatic OPTIONS all count and all get 429.
type Order = 'plugin first' | 'rate-limit first'
type Recipe = 'rate-limit recipe' | 'no recipe'

const max = 2

async function withRateLimit (t: Test, order: Order, recipe: Recipe): Promise<FastifyInstance> {
  const app = Fastify()
  t.teardown(() => app.close())
  // A window far longer than the test: the counts, never the clock, decide.
  const options = { max, timeWindow: 60_000 }
  if (order === 'plugin first') {
    await app.register(methodNotAllowed)
    await app.register(rateLimit, options)
  } else {
    await app.register(rateLimit, options)
    await app.register(methodNotAllowed)
  }
  if (recipe === 'rate-limit recipe') {
    app.setNotFoundHandler({ preHandler: app.rateLimit() }, function notFound (request: FastifyRequest, reply: FastifyReply) {
      reply.code(404).send({ message: `Route ${request.method}:${request.url} not found`, error: 'Not Found', statusCode: 404 })
    })
  }
  app.get('/users/:id', async () => ({ id: '1' }))
  return app
}

async function statuses (app: FastifyInstance, method: string, url: string, times: number): Promise<Array<[number, string | undefined, string | undefined]>> {
  const seen: Array<[number, string | undefined, string | undefined]> = []
  for (let i = 0; i < times; i++) {
    const res = await app.inject({ method: method as 'GET', url })
    seen.push([res.statusCode, res.headers['x-ratelimit-remaining'] as string | undefined, res.headers.allow as string | undefined])
  }
  return seen
}

for (const order of ['plugin first', 'rate-limit first'] as const) {
  t.test(`${order}, with rate-limit's not-found recipe: 405s count and turn into 429`, async t => {
    const app = await withRateLimit(t, order, 'rate-limit recipe')
    const allow = 'GET, HEAD, OPTIONS'
    const first = await app.inject({ method: 'DELETE', url: '/users/1' })
    t.same(first.json(), body405('DELETE', '/users/1', allow))
    t.equal(first.headers['x-ratelimit-limit'], String(max))
    t.equal(first.headers['x-ratelimit-remaining'], '1')
    t.same(await statuses(app, 'DELETE', '/users/1', 2), [[405, '0', allow], [429, '0', undefined]])
  })

  t.test(`${order}, with rate-limit's not-found recipe: 404s, 501s and automatic OPTIONS count too`, async t => {
    const app = await withRateLimit(t, order, 'rate-limit recipe')
    t.same(await statuses(app, 'DELETE', '/nothing', 3), [[404, '1', undefined], [404, '0', undefined], [429, '0', undefined]])
    t.same(await statuses(await withRateLimit(t, order, 'rate-limit recipe'), 'PROPFIND', '/users/1', 3),
      [[501, '1', undefined], [501, '0', undefined], [429, '0', undefined]])
    t.same(await statuses(await withRateLimit(t, order, 'rate-limit recipe'), 'OPTIONS', '/users/1', 3),
      [[200, '1', 'GET, HEAD, OPTIONS'], [200, '0', 'GET, HEAD, OPTIONS'], [429, '0', undefined]])
  })

  t.test(`${order}: matched routes keep their own limit`, async t => {
    const app = await withRateLimit(t, order, 'rate-limit recipe')
    t.same(await statuses(app, 'GET', '/users/1', 3), [[200, '1', undefined], [200, '0', undefined], [429, '0', undefined]])
  })

  t.test(`${order}, without the recipe: rate-limit never sees 404s or 405s (this is the setting the README asks for)`, async t => {
    const app = await withRateLimit(t, order, 'no recipe')
    const allow = 'GET, HEAD, OPTIONS'
    t.same(await statuses(app, 'DELETE', '/users/1', 3), [[405, undefined, allow], [405, undefined, allow], [405, undefined, allow]])
    t.same(await statuses(app, 'DELETE', '/nothing', 3), [[404, undefined, undefined], [404, undefined, undefined], [404, undefined, undefined]])
  })
}

t.test('the recipe without a handler keeps Fastify\'s default 404 and still limits', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(methodNotAllowed)
  await app.register(rateLimit, { max, timeWindow: 60_000 })
  // Fastify accepts hooks without a handler (the default 404 handler stays);
  // its types require a handler, hence the cast.
  ;(app.setNotFoundHandler as unknown as (options: object) => void)({ preHandler: app.rateLimit() })
  app.get('/users/:id', async () => ({ id: '1' }))

  const res = await app.inject({ method: 'DELETE', url: '/nothing' })
  t.same(res.json(), body404('DELETE', '/nothing'))
  t.same(await statuses(app, 'DELETE', '/users/1', 2), [[405, '0', 'GET, HEAD, OPTIONS'], [429, '0', undefined]])
})
