import t from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import fastifyStatic, { type FastifyStaticOptions } from '@fastify/static'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import methodNotAllowed from '../../lib/plugin'
import { body404, body405 } from '../helpers/app'

// @fastify/static at the root serves every URL through one GET/HEAD `/*` route.
// That route must not turn every typo into a 405.
const root = mkdtempSync(join(tmpdir(), 'fmna-static-'))
t.teardown(() => rmSync(root, { recursive: true, force: true }))
writeFileSync(join(root, 'index.html'), '<!doctype html><title>home</title>\n')
mkdirSync(join(root, 'css'))
writeFileSync(join(root, 'css', 'site.css'), 'body { margin: 0 }\n')

async function withStatic (order: 'plugin first' | 'static first', options: Partial<FastifyStaticOptions> = {}): Promise<FastifyInstance> {
  const app = Fastify()
  if (order === 'plugin first') {
    await app.register(methodNotAllowed)
    await app.register(fastifyStatic, { root, ...options })
  } else {
    await app.register(fastifyStatic, { root, ...options })
    await app.register(methodNotAllowed)
  }
  app.post('/api/users', async () => 'created')
  return app
}

for (const order of ['plugin first', 'static first'] as const) {
  t.test(`${order}: static files are served and a typo keeps its 404, whatever the method`, async t => {
    const app = await withStatic(order)
    const page = await app.inject({ method: 'GET', url: '/index.html' })
    t.equal(page.statusCode, 200)
    t.equal(page.headers.allow, undefined)
    t.equal((await app.inject({ method: 'GET', url: '/css/site.css' })).statusCode, 200)

    for (const method of ['DELETE', 'PUT', 'POST', 'OPTIONS'] as const) {
      const typo = await app.inject({ method, url: '/typo' })
      t.equal(typo.statusCode, 404, method)
      t.equal(typo.headers.allow, undefined, method)
      t.same(typo.json(), body404(method, '/typo'), method)
    }
    t.same(app.allowedMethods('/typo'), [])
  })

  t.test(`${order}: static's own 404 for a missing file is never rewritten`, async t => {
    const app = await withStatic(order)
    const missing = await app.inject({ method: 'GET', url: '/missing.html' })
    t.equal(missing.statusCode, 404)
    t.same(missing.json(), body404('GET', '/missing.html'))
    // /api/users is a resource (POST); static's GET route matched it and found no file.
    const shadowed = await app.inject({ method: 'GET', url: '/api/users' })
    t.equal(shadowed.statusCode, 404)
    t.same(shadowed.json(), body404('GET', '/api/users'))
  })

  t.test(`${order}: a URL with an API route answers 405 with static's GET and HEAD in Allow`, async t => {
    const app = await withStatic(order)
    const res = await app.inject({ method: 'DELETE', url: '/api/users' })
    t.equal(res.statusCode, 405)
    t.equal(res.headers.allow, 'GET, HEAD, OPTIONS, POST')
    t.same(res.json(), body405('DELETE', '/api/users', 'GET, HEAD, OPTIONS, POST'))

    const options = await app.inject({ method: 'OPTIONS', url: '/api/users' })
    t.equal(options.statusCode, 200)
    t.equal(options.headers.allow, 'GET, HEAD, OPTIONS, POST')
    t.same(app.allowedMethods('/api/users'), ['GET', 'HEAD', 'OPTIONS', 'POST'])
  })
}

t.test('wildcard: false registers one route per file, so existing files answer 405 and typos 404', async t => {
  const app = await withStatic('plugin first', { wildcard: false })
  const file = await app.inject({ method: 'DELETE', url: '/css/site.css' })
  t.equal(file.statusCode, 405)
  t.equal(file.headers.allow, 'GET, HEAD, OPTIONS')
  t.same(file.json(), body405('DELETE', '/css/site.css', 'GET, HEAD, OPTIONS'))
  t.equal((await app.inject({ method: 'DELETE', url: '/index.html' })).headers.allow, 'GET, HEAD, OPTIONS')
  t.equal((await app.inject({ method: 'DELETE', url: '/typo' })).statusCode, 404)
  // Without the catch-all, /api/users is routed for POST only.
  t.equal((await app.inject({ method: 'GET', url: '/api/users' })).headers.allow, 'OPTIONS, POST')
})

t.test('under a prefix, static\'s wildcard is an ordinary one: every URL below it is a resource', async t => {
  const app = await withStatic('plugin first', { prefix: '/assets/' })
  const res = await app.inject({ method: 'DELETE', url: '/assets/typo' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
  t.equal((await app.inject({ method: 'DELETE', url: '/typo' })).statusCode, 404)
})

t.test('catchAllIsResource: true opts into a 405 for every URL static could serve', async t => {
  const app = Fastify()
  await app.register(methodNotAllowed, { catchAllIsResource: true })
  await app.register(fastifyStatic, { root })
  const res = await app.inject({ method: 'DELETE', url: '/typo' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
})
