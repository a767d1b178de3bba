import t from 'tap'
import { PrivateRouter } from '../../lib/router/private-router'

const options = { caseSensitive: true, ignoreTrailingSlash: false, ignoreDuplicateSlashes: false, useSemicolonDelimiter: false, maxParamLength: 100 }

t.test('patterns find-my-way takes for one go into further layers, and every layer is asked', async t => {
  const router = new PrivateRouter<{ id: string }>(options)
  router.insert('GET', '/:a(^\\d+$)', {}, { id: 'digits' })
  router.insert('GET', '/:b(^[a-z]+$)', {}, { id: 'letters' })
  t.same(router.first('GET', '/7', {}), { id: 'digits' })
  t.same(router.first('GET', '/abc', {}), { id: 'letters' })
  t.equal(router.first('GET', '/-', {}), undefined)
  t.equal(router.some('GET', '/abc', {}, store => store.id === 'letters'), true)
  t.equal(router.some('GET', '/abc', {}, store => store.id === 'digits'), false)
})

t.test('a custom constraint serves the clients that send the value a route declares; unconstrained routes serve them too', async t => {
  const router = new PrivateRouter<{ id: string }>(options, ['tenant'])
  router.insert('GET', '/x', { tenant: 'a' }, { id: 'tenant a' })
  router.insert('GET', '/x', {}, { id: 'anybody' })
  router.insert('GET', '/y', { tenant: 'a' }, { id: 'y of a' })
  t.same(router.first('GET', '/x', { tenant: 'a' }), { id: 'tenant a' })
  t.same(router.first('GET', '/x', { tenant: 'b' }), { id: 'anybody' })
  t.same(router.first('GET', '/x', {}), { id: 'anybody' })
  t.same(router.first('GET', '/y', { tenant: 'a' }), { id: 'y of a' })
  t.equal(router.first('GET', '/y', {}), undefined)
})
