import t from 'tap'
import { build } from '../helpers/app'
import { listen, rawRequest } from '../helpers/raw'

t.test('OPTIONS * answers 200 with every method routed anywhere plus OPTIONS', async t => {
  const app = await build()
  app.get('/a', async () => 'a')
  app.delete('/b/:id', async () => 'b')
  const port = await listen(t, app)

  const res = await rawRequest(port, 'OPTIONS * HTTP/1.1')
  t.equal(res.status, 200)
  t.equal(res.headers.allow, 'DELETE, GET, HEAD, OPTIONS')
  t.equal(res.headers['content-length'], '0')
  t.equal(res.body, '')
})

t.test('OPTIONS * never invokes the app\'s OPTIONS routes at the root', async t => {
  const app = await build()
  let invoked = 0
  app.options('/', async () => { invoked++; return 'root options' })
  app.options('/*', async () => { invoked++; return 'wildcard options' })
  app.post('/p', async () => 'p')
  const port = await listen(t, app)

  const res = await rawRequest(port, 'OPTIONS * HTTP/1.1')
  t.equal(res.status, 200)
  t.equal(res.headers.allow, 'OPTIONS, POST')
  t.equal(res.body, '')
  t.equal(invoked, 0)

  const root = await rawRequest(port, 'OPTIONS / HTTP/1.1')
  t.equal(root.status, 200)
  t.equal(root.body, 'root options')
  t.equal(invoked, 1)
})

t.test('OPTIONS * never invokes an OPTIONS route that matches the root path through an empty param', async t => {
  // find-my-way routes `*` as `/`, where a last param may match empty: `/:name`,
  // and a regex param whose pattern admits the empty string.
  for (const [pattern, other] of [['/:name', '/x'], ['/:n(^\\d*$)', '/7']]) {
    const app = await build()
    let invoked = 0
    app.options(pattern, async () => { invoked++; return 'param options' })
    app.put('/p', async () => 'p')
    const port = await listen(t, app)

    const res = await rawRequest(port, 'OPTIONS * HTTP/1.1')
    t.equal(res.status, 200, pattern)
    t.equal(res.headers.allow, 'OPTIONS, PUT')
    t.equal(res.body, '')
    t.equal(invoked, 0)

    const named = await rawRequest(port, `OPTIONS ${other} HTTP/1.1`)
    t.equal(named.body, 'param options')
    t.equal(invoked, 1)
  }
})

t.test('OPTIONS * with autoOptions: false keeps Fastify\'s answer', async t => {
  const app = await build({ autoOptions: false })
  app.get('/a', async () => 'a')
  const port = await listen(t, app)

  const res = await rawRequest(port, 'OPTIONS * HTTP/1.1')
  t.equal(res.status, 404)
  t.equal(res.headers.allow, undefined)
})

t.test('other methods with an asterisk target keep the 404', async t => {
  const app = await build()
  app.post('/a', async () => 'a')
  const port = await listen(t, app)

  const res = await rawRequest(port, 'DELETE * HTTP/1.1')
  t.equal(res.status, 404)
  t.equal(res.headers.allow, undefined)
  t.same(JSON.parse(res.body), { message: 'Route DELETE:* not found', error: 'Not Found', statusCode: 404 })

  const unknown = await rawRequest(port, 'PROPFIND * HTTP/1.1')
  t.equal(unknown.status, 501)
})

t.test('routes declared before the plugin count for OPTIONS *', async t => {
  const { default: Fastify } = await import('fastify')
  const { default: plugin } = await import('../../lib/plugin')
  const app = Fastify()
  app.patch('/early', async () => 'early')
  await app.register(plugin)
  const port = await listen(t, app)

  const res = await rawRequest(port, 'OPTIONS * HTTP/1.1')
  t.equal(res.headers.allow, 'OPTIONS, PATCH')
})
