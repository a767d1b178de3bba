import t from 'tap'
import { builtInConstraints, hasCustomConstraint, PrivateRouter } from '../lib/private-router'

const options = { caseSensitive: true, ignoreTrailingSlash: false, ignoreDuplicateSlashes: false, useSemicolonDelimiter: false, maxParamLength: 100 }

t.test('patterns find-my-way takes for one go into further layers, and every layer is asked', async t => {
  const router = new PrivateRouter<{ id: string }>(options)
  router.insert('GET', '/:a(^\\d+$)', {}, { id: 'digits' })
  t.equal(router.existing('GET', '/:b(^[a-z]+$)', {}), undefined, 'findRoute tells the two regexes apart')
  router.insert('GET', '/:b(^[a-z]+$)', {}, { id: 'letters' })
  t.same(router.first('GET', '/7', {}), { id: 'digits' })
  t.same(router.first('GET', '/abc', {}), { id: 'letters' })
  t.equal(router.first('GET', '/-', {}), undefined)
  t.equal(router.some('GET', '/abc', {}, store => store.id === 'letters'), true)
  t.equal(router.some('GET', '/abc', {}, store => store.id === 'digits'), false)
  t.same(router.existing('GET', '/:c(^\\d+$)', {}), { id: 'digits' })
})

t.test('constraints a private router can evaluate', async t => {
  t.same(builtInConstraints({ version: '1.0.0', tenant: 'a', host: 'a.example' }), { host: 'a.example', version: '1.0.0' })
  t.equal(hasCustomConstraint({ version: '1.0.0' }), false)
  t.equal(hasCustomConstraint({ tenant: 'a' }), true)
})
