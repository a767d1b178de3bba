import t from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import type { Page } from 'playwright-core'
import { corsFromRoutes } from '../../lib/integrations/cors'
import { body405, orders, registerWithCors, type Order } from '../helpers/app'
import { fetchFrom, startBrowserSuite, type Logged, type Seen } from '../helpers/browser'

/** The API, on its own port: another origin than the page's. No `methods` list anywhere. */
async function api (order: Order, pageOrigin: string, log: Logged[]): Promise<FastifyInstance> {
  const app = Fastify()
  app.addHook('onResponse', async (request, reply) => {
    const requestMethod = request.headers['access-control-request-method'] as string | undefined
    log.push({ method: request.method, url: request.url, requestMethod, status: reply.statusCode })
  })
  const corsOptions = corsFromRoutes({ origin: pageOrigin, exposedHeaders: ['Allow'] })
  await registerWithCors(app, order, corsOptions)
  app.get('/notes/:id', async () => ({ text: 'note' }))
  app.put('/notes/:id', async request => request.body)
  app.get('/admin/stats', { config: { methodNotAllowed: false } }, async () => ({ users: 2 }))
  app.put('/admin/stats', { config: { methodNotAllowed: false } }, async () => ({ reset: true }))
  // Served by the app's own OPTIONS route alone.
  app.options('/upload', async () => ({ own: true }))
  return app
}

let page: Page
const bases = new Map<Order, string>()
const logs = new Map<Order, Logged[]>(orders.map(order => [order, []]))

t.before(async () => {
  const suite = await startBrowserSuite(t)
  for (const order of orders) {
    bases.set(order, await suite.serve(await api(order, suite.pageOrigin, logs.get(order) as Logged[])))
  }

  // One browser and one page for the file: each call is a fetch from it.
  page = await suite.openPage()
  await page.goto(`${suite.pageOrigin}/`)
})

/** A fetch from the page, and what the API logged for it. */
async function call (order: Order, method: string, path: string, body?: unknown): Promise<{ seen: Seen, logged: Logged[] }> {
  const log = logs.get(order) as Logged[]
  log.length = 0
  const seen = await fetchFrom(page, `${bases.get(order) as string}${path}`, method, body)
  return { seen, logged: [...log] }
}

// Chromium remembers a passed preflight for a while (by origin, URL and
// method), so no two calls below share a URL and method on one API.
for (const order of orders) {
  t.test(`${order}: a PUT to a URL that routes PUT passes its preflight, with no methods list`, async t => {
    const { seen, logged } = await call(order, 'PUT', '/notes/1', { text: 'edited' })
    t.same(seen, { status: 200, allow: null, body: { text: 'edited' } })
    t.same(logged, [
      { method: 'OPTIONS', url: '/notes/1', requestMethod: 'PUT', status: 204 },
      { method: 'PUT', url: '/notes/1', requestMethod: undefined, status: 200 }
    ])
  })

  t.test(`${order}: a DELETE to a URL that does not route DELETE fails at its preflight`, async t => {
    const { seen, logged } = await call(order, 'DELETE', '/notes/2')
    t.match(seen, { error: /^TypeError: Failed to fetch/ })
    t.equal(seen.status, undefined)
    t.same(logged, [{ method: 'OPTIONS', url: '/notes/2', requestMethod: 'DELETE', status: 204 }], 'the DELETE itself is never sent')
  })

  t.test(`${order}: a preflight to an unknown URL gets Fastify's 404 and fails`, async t => {
    const { seen, logged } = await call(order, 'PUT', '/nothing/here', { text: 'x' })
    t.match(seen, { error: /^TypeError: Failed to fetch/ })
    t.same(logged, [{ method: 'OPTIONS', url: '/nothing/here', requestMethod: 'PUT', status: 404 }])
  })

  t.test(`${order}: a preflight to a hidden route's URL fails as for an unknown URL, though the route serves PUT`, async t => {
    const { seen, logged } = await call(order, 'PUT', '/admin/stats', { reset: true })
    t.match(seen, { error: /^TypeError: Failed to fetch/ })
    t.same(logged, [{ method: 'OPTIONS', url: '/admin/stats', requestMethod: 'PUT', status: 404 }])
  })

  t.test(`${order}: a POST, a CORS-safelisted method, passes any preflight: the page reads the 405 and its Allow`, async t => {
    const { seen, logged } = await call(order, 'POST', '/notes/3', { text: 'new' })
    t.same(seen, { status: 405, allow: 'GET, HEAD, OPTIONS, PUT', body: body405('POST', '/notes/3', 'GET, HEAD, OPTIONS, PUT') })
    t.same(logged, [
      { method: 'OPTIONS', url: '/notes/3', requestMethod: 'POST', status: 204 },
      { method: 'POST', url: '/notes/3', requestMethod: undefined, status: 405 }
    ])
  })

  t.test(`${order}: a page asks a URL's methods with a cross-origin OPTIONS and reads Allow`, async t => {
    const { seen, logged } = await call(order, 'OPTIONS', '/notes/4')
    t.same(seen, { status: 200, allow: 'GET, HEAD, OPTIONS, PUT', body: null })
    t.same(logged, [
      { method: 'OPTIONS', url: '/notes/4', requestMethod: 'OPTIONS', status: 204 },
      { method: 'OPTIONS', url: '/notes/4', requestMethod: undefined, status: 200 }
    ])
  })

  t.test(`${order}: a cross-origin OPTIONS to a URL that only the app's own OPTIONS route serves passes its preflight and reads the route's answer`, async t => {
    const { seen, logged } = await call(order, 'OPTIONS', '/upload')
    t.same(seen, { status: 200, allow: null, body: { own: true } })
    t.same(logged, [
      { method: 'OPTIONS', url: '/upload', requestMethod: 'OPTIONS', status: 204 },
      { method: 'OPTIONS', url: '/upload', requestMethod: undefined, status: 200 }
    ])
  })
}
