import t from 'tap'
import { body404, body405, build } from './helpers/app'
import { tenantStrategy as tenant } from './helpers/fuzz-model'
import { listen, rawRequest } from './helpers/raw'

t.test('regression: OPTIONS * lists no method that only hidden routes serve', async t => {
  const app = await build()
  app.delete('/admin/:id', { config: { methodNotAllowed: false } }, async () => 'gone')
  app.get('/a', async () => 'a')
  const port = await listen(t, app)

  const res = await rawRequest(port, 'OPTIONS * HTTP/1.1')
  t.equal(res.status, 200)
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
})

for (const visibleFirst of [true, false]) {
  t.test(`regression: with a custom constraint, hiding does not depend on declaration order (visible declared ${visibleFirst ? 'first' : 'last'})`, async t => {
    const app = await build()
    app.addConstraintStrategy(tenant)
    const declare = [
      () => app.get('/x', { constraints: { tenant: 'a' } }, async () => 'tenant a'),
      () => app.get('/x', { config: { methodNotAllowed: false } }, async () => 'hidden')
    ]
    for (const run of visibleFirst ? declare : declare.reverse()) run()
    app.get('/y', async () => 'y')

    t.equal((await app.inject({ method: 'GET', url: '/x' })).body, 'hidden')
    t.equal((await app.inject({ method: 'GET', url: '/x', headers: { 'x-tenant': 'a' } })).body, 'tenant a')
    for (const headers of [{}, { 'x-tenant': 'a' }]) {
      const res = await app.inject({ method: 'DELETE', url: '/x', headers })
      t.equal(res.statusCode, 404)
      t.equal(res.headers.allow, undefined)
      t.same(res.json(), body404('DELETE', '/x'))
    }
    t.same(app.allowedMethods('/x'), [])
    t.same((await app.inject({ method: 'DELETE', url: '/y' })).json(), body405('DELETE', '/y', 'GET, HEAD, OPTIONS'))
  })
}

t.test('a hidden route with a custom constraint hides its pattern for every client', async t => {
  const app = await build()
  app.addConstraintStrategy(tenant)
  app.get('/x', async () => 'public')
  app.post('/x', { constraints: { tenant: 'a' }, config: { methodNotAllowed: false } }, async () => 'secret')

  t.same((await app.inject({ method: 'DELETE', url: '/x' })).json(), body404('DELETE', '/x'))
  t.same(app.allowedMethods('/x'), [])
})

t.test('a visible route with a custom constraint does not unhide the URL for clients it does not serve', async t => {
  const app = await build()
  app.addConstraintStrategy(tenant)
  app.get('/users', { constraints: { tenant: 'a' } }, async () => 'users of a')
  app.get('/:slug', { config: { methodNotAllowed: false } }, async () => 'page')

  t.same((await app.inject({ method: 'DELETE', url: '/users' })).json(), body404('DELETE', '/users'))
})

t.test('a hidden route that only a custom constraint tells from a visible one hides its URL', async t => {
  const app = await build()
  app.addConstraintStrategy(tenant)
  app.get('/x', async () => 'public')
  app.get('/x', { constraints: { tenant: 'a' }, config: { methodNotAllowed: false } }, async () => 'secret')

  t.same((await app.inject({ method: 'DELETE', url: '/x' })).json(), body404('DELETE', '/x'))
})

t.test('a hidden regex route beside a visible one find-my-way takes for the same pattern', async t => {
  const app = await build()
  app.addConstraintStrategy(tenant)
  app.get('/:b(^[a-z]+$)', async () => 'letters')
  app.get('/:a(^\\d+$)', { constraints: { tenant: 'a' }, config: { methodNotAllowed: false } }, async () => 'digits')

  t.same((await app.inject({ method: 'DELETE', url: '/7' })).json(), body404('DELETE', '/7'))
  t.same((await app.inject({ method: 'DELETE', url: '/abc' })).json(), body405('DELETE', '/abc', 'GET, HEAD, OPTIONS'))
})

t.test('regression (fuzzing): a hidden route that a visible route with the same custom constraint value always shadows hides nothing', async t => {
  // Whoever sends tenant b gets the visible OPTIONS route at `/`; nobody else
  // matches the hidden catch-all. The plugin set the visible route aside
  // (custom values were underivable) and hid `/` for everybody.
  const app = await build()
  app.addConstraintStrategy(tenant)
  app.options('/', { constraints: { tenant: 'b' } }, async () => 'options of b')
  app.options('/*', { constraints: { tenant: 'b' }, config: { methodNotAllowed: false } }, async () => 'secret')
  app.post('/', async () => 'created')

  t.equal((await app.inject({ method: 'OPTIONS', url: '/', headers: { 'x-tenant': 'b' } })).body, 'options of b')
  const res = await app.inject({ method: 'DELETE', url: '/' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'OPTIONS, POST')
  t.same(res.json(), body405('DELETE', '/', 'OPTIONS, POST'))
  t.same(app.allowedMethods('/'), ['OPTIONS', 'POST'])
  // Elsewhere the hidden catch-all serves tenant b: hidden for everybody.
  t.same((await app.inject({ method: 'DELETE', url: '/other' })).json(), body404('DELETE', '/other'))
})
