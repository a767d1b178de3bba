import t from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import cors from '@fastify/cors'
import type { Page } from 'playwright-core'
import methodNotAllowed from '../../lib/plugin'
import { body404, body405 } from '../helpers/app'
import { fetchFrom, startBrowserSuite, type Logged, type Seen } from '../helpers/browser'

/** The API, on its own port: another origin than the page's. */
async function api (pageOrigin: string, exposeAllow: boolean, log: Logged[], methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']): Promise<FastifyInstance> {
  const app = Fastify()
  app.addHook('onResponse', async (request, reply) => {
    const requestMethod = request.headers['access-control-request-method'] as string | undefined
    log.push({ method: request.method, url: request.url, requestMethod, status: reply.statusCode })
  })
  await app.register(methodNotAllowed)
  await app.register(cors, {
    origin: pageOrigin,
    methods,
    exposedHeaders: exposeAllow ? ['Allow'] : undefined
  })
  app.get('/users/:id', async request => ({ id: (request.params as { id: string }).id }))
  app.get('/notes/:id', async () => ({ text: 'note' }))
  app.patch('/notes/:id', async request => request.body)
  return app
}

let page: Page
let pageOrigin: string
let apiBase: string
let hiddenAllowBase: string
let defaultMethodsBase: string
const defaultMethodsLog: Logged[] = []
const log: Logged[] = []

t.before(async () => {
  const suite = await startBrowserSuite(t)
  pageOrigin = suite.pageOrigin
  apiBase = await suite.serve(await api(pageOrigin, true, log))
  hiddenAllowBase = await suite.serve(await api(pageOrigin, false, []))
  // cors' default methods: GET,HEAD,POST.
  defaultMethodsBase = await suite.serve(await api(pageOrigin, true, defaultMethodsLog, ['GET', 'HEAD', 'POST']))

  // A real browser as the client: what a page can see of a cross-origin
  // exchange is decided by the browser, not by anything inject() could mimic.
  page = await suite.openPage()
})

async function call (base: string, method: string, path: string, body?: unknown): Promise<Seen> {
  await page.goto(`${pageOrigin}/`)
  return fetchFrom(page, base + path, method, body)
}

t.test('a cross-origin PUT on a GET-only URL passes its preflight, then the page sees 405 and reads Allow', async t => {
  log.length = 0
  const seen = await call(apiBase, 'PUT', '/users/1', { name: 'x' })
  t.same(seen, { status: 405, allow: 'GET, HEAD, OPTIONS', body: body405('PUT', '/users/1', 'GET, HEAD, OPTIONS') })
  t.same(log, [
    { method: 'OPTIONS', url: '/users/1', requestMethod: 'PUT', status: 204 },
    { method: 'PUT', url: '/users/1', requestMethod: undefined, status: 405 }
  ])
})

t.test('a cross-origin DELETE on an unknown URL: the page sees 404 and no Allow', async t => {
  log.length = 0
  const seen = await call(apiBase, 'DELETE', '/nothing/here')
  t.same(seen, { status: 404, allow: null, body: body404('DELETE', '/nothing/here') })
  t.same(log, [
    { method: 'OPTIONS', url: '/nothing/here', requestMethod: 'DELETE', status: 204 },
    { method: 'DELETE', url: '/nothing/here', requestMethod: undefined, status: 404 }
  ])
})

t.test('a preflight for an allowed method succeeds and the request reaches its route', async t => {
  log.length = 0
  const seen = await call(apiBase, 'PATCH', '/notes/7', { text: 'edited' })
  t.same(seen, { status: 200, allow: null, body: { text: 'edited' } })
  t.same(log, [
    { method: 'OPTIONS', url: '/notes/7', requestMethod: 'PATCH', status: 204 },
    { method: 'PATCH', url: '/notes/7', requestMethod: undefined, status: 200 }
  ])
})

t.test('without Allow in cors\' exposedHeaders the page gets the 405 but cannot read Allow', async t => {
  const seen = await call(hiddenAllowBase, 'PUT', '/users/1', { name: 'x' })
  t.same(seen, { status: 405, allow: null, body: body405('PUT', '/users/1', 'GET, HEAD, OPTIONS') })
})

t.test('with cors\' default methods (GET, HEAD, POST) the browser stops a PUT at its preflight: the page never sees the 405', async t => {
  const seen = await call(defaultMethodsBase, 'PUT', '/users/1', { name: 'x' })
  t.match(seen, { error: /^TypeError: Failed to fetch/ })
  t.equal(seen.status, undefined)
  t.same(defaultMethodsLog, [{ method: 'OPTIONS', url: '/users/1', requestMethod: 'PUT', status: 204 }])
})
