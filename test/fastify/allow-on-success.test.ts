import t from 'tap'
import { body404, build } from '../helpers/app'

t.test('allowOnSuccess sends no Allow where the URL is only a root catch-all\'s', async t => {
  const app = await build({ allowOnSuccess: true })
  app.get('/*', async () => 'spa')
  app.get('/api/items', async () => 'items')

  const typo = await app.inject({ method: 'GET', url: '/typo' })
  t.equal(typo.body, 'spa')
  t.equal(typo.headers.allow, undefined)
  t.same((await app.inject({ method: 'OPTIONS', url: '/typo' })).json(), body404('OPTIONS', '/typo'))
  t.same(app.allowedMethods('/typo'), [])

  const items = await app.inject({ method: 'GET', url: '/api/items' })
  t.equal(items.headers.allow, 'GET, HEAD, OPTIONS')
  const options = await app.inject({ method: 'OPTIONS', url: '/api/items' })
  t.equal(options.statusCode, 200)
  t.equal(options.headers.allow, items.headers.allow)
})

t.test('allowOnSuccess with catchAllIsResource: a root catch-all\'s URLs are resources, so Allow is sent', async t => {
  const app = await build({ allowOnSuccess: true, catchAllIsResource: true })
  app.get('/*', async () => 'spa')

  t.equal((await app.inject({ method: 'GET', url: '/typo' })).headers.allow, 'GET, HEAD, OPTIONS')
  t.same(app.allowedMethods('/typo'), ['GET', 'HEAD', 'OPTIONS'])
})
