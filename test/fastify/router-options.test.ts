import t from 'tap'
import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import { matchingOptions } from '../../lib/router/fastify-edge'
import { build, body404, ok } from '../helpers/app'

// The 405 follows the matching options Fastify's router runs with, in either
// form Fastify 5 takes them (top level, deprecated, or routerOptions).

interface Row {
  title: string
  server?: FastifyServerOptions
  route: string
  url: string
  /** The status of a POST to `url`, where only GET (and its HEAD) is routed. */
  status: 405 | 404
}

const rows: Row[] = [
  { title: 'caseSensitive: false (routerOptions form)', server: { routerOptions: { caseSensitive: false } }, route: '/Mixed', url: '/mIXED', status: 405 },
  { title: 'caseSensitive: true (default)', route: '/Mixed', url: '/mixed', status: 404 },
  { title: 'ignoreTrailingSlash (top-level form)', server: { ignoreTrailingSlash: true }, route: '/slash', url: '/slash/', status: 405 },
  { title: 'ignoreTrailingSlash off', route: '/slash', url: '/slash/', status: 404 },
  { title: 'ignoreDuplicateSlashes', server: { routerOptions: { ignoreDuplicateSlashes: true } }, route: '/a/b', url: '//a///b', status: 405 },
  // Fastify's types miss routerOptions.useSemicolonDelimiter, which its router honours.
  { title: 'useSemicolonDelimiter', server: { routerOptions: { useSemicolonDelimiter: true } as FastifyServerOptions['routerOptions'] }, route: '/semi', url: '/semi;jsessionid=1', status: 405 },
  { title: 'ignoreTrailingSlash and caseSensitive: false together (routerOptions form)', server: { routerOptions: { ignoreTrailingSlash: true, caseSensitive: false } }, route: '/Case', url: '/case/', status: 405 }
]

for (const { title, server, route, url, status } of rows) {
  t.test(title, async t => {
    const app = await build(undefined, server)
    app.get(route, async () => 'ok')
    const res = await app.inject({ method: 'POST', url })
    t.equal(res.statusCode, status)
    if (status === 405) t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
  })
}

t.test('maxParamLength: an over-long param matches no route, so no 405', async t => {
  const app = await build(undefined, { routerOptions: { maxParamLength: 5 } })
  app.get('/p/:id', async () => 'p')
  const long = await app.inject({ method: 'POST', url: '/p/123456' })
  t.equal(long.statusCode, 404)
  t.equal(long.headers.allow, undefined)
  t.same(long.json(), body404('POST', '/p/123456'))
  t.equal((await app.inject({ method: 'GET', url: '/p/123456' })).statusCode, 414)
  const short = await app.inject({ method: 'POST', url: '/p/12345' })
  t.equal(short.statusCode, 405)
  t.equal(short.headers.allow, 'GET, HEAD, OPTIONS')
})

t.test('a malformed URL is Fastify\'s 400, never a 405', async t => {
  const app = await build()
  app.get('/p/:id', async () => 'p')
  const res = await app.inject({ method: 'POST', url: '/p/%zz' })
  t.equal(res.statusCode, 400)
  t.equal(res.headers.allow, undefined)
})

t.test('routerOptions wins over a conflicting deprecated top-level router option, as in Fastify', async t => {
  // For example, allowedMethods('//a') = ['TRACE'] with a root catch-all: the
  // plugin read ignoreDuplicateSlashes from the top level, Fastify from routerOptions.
  const app = await build(undefined, { routerOptions: { ignoreDuplicateSlashes: false }, ignoreDuplicateSlashes: true })
  app.get('*', ok)
  await app.ready()

  t.same(matchingOptions(app).ignoreDuplicateSlashes, false)
  const res = await app.inject({ method: 'DELETE', url: '//a' })
  t.equal(res.statusCode, 404)
  t.same(res.json(), body404('DELETE', '//a'))
  t.same(app.allowedMethods('//a'), [])
})

t.test('matchingOptions falls back to initialConfig when Fastify does not expose its router options', async t => {
  // Fastify keeps them under a private symbol; should that ever change, the
  // documented merge of initialConfig applies.
  const initialConfig = {
    caseSensitive: true,
    ignoreTrailingSlash: true,
    maxParamLength: 100,
    routerOptions: { ignoreDuplicateSlashes: true, maxParamLength: 100, useSemicolonDelimiter: false }
  }
  t.same(matchingOptions({ initialConfig } as unknown as FastifyInstance), {
    caseSensitive: true,
    ignoreTrailingSlash: true,
    ignoreDuplicateSlashes: true,
    useSemicolonDelimiter: false,
    maxParamLength: 100
  })
})
