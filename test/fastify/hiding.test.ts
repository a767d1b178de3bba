import t from 'tap'
import { body404, body405, body501, build } from '../helpers/app'
import { tenantStrategy as tenant } from '../helpers/fuzz-model'
import { listen, rawRequest } from '../helpers/raw'

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

const unknownMethods = ['PROPFIND', 'SEARCH', 'PURGE']

for (const notImplemented of [true, false]) {
  t.test(`an unknown method gets on a hidden URL what it gets on a URL that does not exist (notImplemented ${notImplemented ? 'on' : 'off'})`, async t => {
    const app = await build({ notImplemented })
    app.get('/admin/users', { config: { methodNotAllowed: false } }, async () => 'users')

    for (const method of unknownMethods) {
      const hidden = await app.inject({ method: method as 'GET', url: '/admin/users' })
      const nothing = await app.inject({ method: method as 'GET', url: '/nothing' })
      t.equal(hidden.statusCode, notImplemented ? 501 : 404, method)
      t.equal(nothing.statusCode, hidden.statusCode, method)
      t.equal(hidden.headers.allow, undefined)
      t.same(hidden.json(), notImplemented ? body501(method) : body404(method, '/admin/users'))
      t.same(nothing.json(), notImplemented ? body501(method) : body404(method, '/nothing'))
    }
  })
}

t.test('an unknown method on a hidden URL reaches the not-found handler of its prefix, as on a URL that does not exist', async t => {
  const app = await build({ notImplemented: false })
  await app.register(async scoped => {
    scoped.setNotFoundHandler((request, reply) => { reply.code(404).send({ scope: 'admin', method: request.method }) })
    scoped.get('/users', { config: { methodNotAllowed: false } }, async () => 'users')
  }, { prefix: '/admin' })

  const hidden = await app.inject({ method: 'SEARCH' as 'GET', url: '/admin/users' })
  const nothing = await app.inject({ method: 'SEARCH' as 'GET', url: '/admin/nothing' })
  t.equal(hidden.statusCode, 404)
  t.same(hidden.json(), { scope: 'admin', method: 'SEARCH' })
  t.same(nothing.json(), hidden.json())
})

for (const form of ['routerOptions', 'top level'] as const) {
  t.test(`with ignoreTrailingSlash (${form}), a hidden route at a prefix ending in a slash with prefixTrailingSlash 'slash' hides its URL`, async t => {
    // Fastify joins the prefix `/s/` and the url `/` into `/s//`, which
    // find-my-way stores as `/s/` (one trailing slash trimmed); the exposed HEAD route lands at `/s`.
    const server = form === 'routerOptions' ? { routerOptions: { ignoreTrailingSlash: true } } : { ignoreTrailingSlash: true }
    const app = await build({ allowOnSuccess: true }, server)
    await app.register(async scoped => {
      scoped.route({ method: ['GET', 'PUT'], url: '/', prefixTrailingSlash: 'slash', config: { methodNotAllowed: false }, handler: async () => 'hidden' })
    }, { prefix: '/s/' })

    const served = await app.inject({ method: 'GET', url: '/s//' })
    t.equal(served.statusCode, 200)
    t.equal(served.body, 'hidden')
    t.equal(served.headers.allow, undefined, 'the route\'s own answer lists nothing')

    const post = await app.inject({ method: 'POST', url: '/s//' })
    t.equal(post.statusCode, 404)
    t.equal(post.headers.allow, undefined)
    t.same(post.json(), body404('POST', '/s//'))

    const options = await app.inject({ method: 'OPTIONS', url: '/s//' })
    t.equal(options.statusCode, 404)
    t.equal(options.headers.allow, undefined)
    t.same(options.json(), body404('OPTIONS', '/s//'))

    t.same(app.allowedMethods('/s//'), [])
    for (const url of ['/s', '/s/']) {
      t.equal((await app.inject({ method: 'HEAD', url })).statusCode, 200, `HEAD ${url} is the hidden route's`)
      const res = await app.inject({ method: 'DELETE', url })
      t.equal(res.statusCode, 404, url)
      t.same(res.json(), body404('DELETE', url))
      t.same(app.allowedMethods(url), [])
    }
  })
}
