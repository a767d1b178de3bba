import t from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import autoload from '@fastify/autoload'
import { join } from 'node:path'
import methodNotAllowed from '../../lib/plugin'
import { body404, body405 } from '../helpers/app'

// Routes that @fastify/autoload loads from folders are ordinary routes in
// encapsulated, prefixed plugins: the router knows them, so they are covered
// like any other, as long as the plugin is registered before them.
const fixtures = join(__dirname, '..', 'fixtures', 'autoload')

type Setup = 'plugins folder' | 'registered directly'

async function app (setup: Setup): Promise<FastifyInstance> {
  const fastify = Fastify()
  if (setup === 'plugins folder') {
    // The fastify-cli layout: plugins/ first, then routes/.
    await fastify.register(autoload, { dir: join(fixtures, 'plugins') })
  } else {
    await fastify.register(methodNotAllowed)
  }
  await fastify.register(autoload, { dir: join(fixtures, 'routes'), routeParams: true })
  return fastify
}

for (const setup of ['plugins folder', 'registered directly'] as const) {
  t.test(`${setup}: routes from autoloaded folders answer 405 with their Allow`, async t => {
    const fastify = await app(setup)
    const cases: Array<[string, string, string]> = [
      ['DELETE', '/users/1', 'GET, HEAD, OPTIONS, PATCH'],
      ['PUT', '/users', 'GET, HEAD, OPTIONS, POST'],
      // Fastify serves `/` under the prefix at /users/ too, and routes PATCH
      // /users/ to /users/:id with an empty id: Allow says what the router does.
      ['PUT', '/users/', 'GET, HEAD, OPTIONS, PATCH, POST'],
      ['DELETE', '/projects/p1/tasks', 'GET, HEAD, OPTIONS, POST'],
      ['POST', '/health', 'GET, HEAD, OPTIONS']
    ]
    for (const [method, url, allow] of cases) {
      const res = await fastify.inject({ method: method as 'GET', url })
      t.equal(res.statusCode, 405, `${method} ${url}`)
      t.equal(res.headers.allow, allow, `${method} ${url}`)
      t.same(res.json(), body405(method, url, allow), `${method} ${url}`)
    }
    t.same(fastify.allowedMethods('/projects/p1/tasks'), ['GET', 'HEAD', 'OPTIONS', 'POST'])

    const options = await fastify.inject({ method: 'OPTIONS', url: '/users/1' })
    t.equal(options.statusCode, 200)
    t.equal(options.headers.allow, 'GET, HEAD, OPTIONS, PATCH')

    const served = await fastify.inject({ method: 'GET', url: '/projects/p1/tasks' })
    t.same(served.json(), { project: 'p1', tasks: [] })
  })

  t.test(`${setup}: unknown URLs and the hidden admin route keep their 404`, async t => {
    const fastify = await app(setup)
    for (const url of ['/nothing', '/users/1/posts', '/projects/p1', '/admin/stats']) {
      const res = await fastify.inject({ method: 'DELETE', url })
      t.equal(res.statusCode, 404, url)
      t.same(res.json(), body404('DELETE', url), url)
    }
    t.same(fastify.allowedMethods('/admin/stats'), [])
    t.equal((await fastify.inject({ method: 'GET', url: '/admin/stats' })).statusCode, 200)
  })
}

t.test('registered after the autoloaded routes: 405s come and the route config is read from the router', async t => {
  const fastify = Fastify()
  await fastify.register(autoload, { dir: join(fixtures, 'routes'), routeParams: true })
  await fastify.register(methodNotAllowed)
  const res = await fastify.inject({ method: 'DELETE', url: '/users/1' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS, PATCH')
  // The admin route declared config.methodNotAllowed: false before the plugin
  // existed; the plugin reads it from the router at ready, so it stays hidden.
  const admin = await fastify.inject({ method: 'DELETE', url: '/admin/stats' })
  t.equal(admin.statusCode, 404)
  t.equal(admin.headers.allow, undefined)
})
