import t from 'tap'
import Fastify from 'fastify'
import { builtInConstraints, constraintValues, customConstraints, hasCustomConstraint, sortedConstraints } from '../../lib/router/constraints'
import { routeLookup } from '../../lib/router/fastify-edge'
import { tenantStrategy } from '../helpers/fuzz-model'

// lib/router/constraints.ts relies on how find-my-way and Fastify treat
// constraints; each assumption is asked of the real packages here.

t.test('find-my-way ships exactly the host and version strategies: any other name needs the app\'s own', async t => {
  const app = Fastify()
  app.get('/h', { constraints: { host: 'a.example' } }, () => '')
  app.get('/v', { constraints: { version: '1.0.0' } }, () => '')
  t.throws(() => app.get('/t', { constraints: { tenant: 'a' } }, () => ''))
  t.same(builtInConstraints({ version: '1.0.0', tenant: 'a', host: 'a.example' }), { host: 'a.example', version: '1.0.0' })
  t.equal(hasCustomConstraint({ version: '1.0.0', host: 'a.example' }), false)
  t.equal(hasCustomConstraint({ tenant: 'a' }), true)
  t.same(customConstraints({ version: '1.0.0', tenant: 'a' }), ['tenant'])
  t.same(Object.keys(sortedConstraints({ version: '1.0.0', tenant: 'a', host: 'a.example' })), ['host', 'tenant', 'version'])
})

t.test('a request with a version never matches an unversioned route; without one it matches no versioned route', async t => {
  const app = Fastify()
  app.get('/x', () => 'plain')
  app.get('/y', { constraints: { version: '1.2.0' } }, () => 'versioned')
  const lookup = routeLookup(app)
  t.not(lookup('GET', '/x'), null)
  t.equal(lookup('GET', '/x', { version: '1.2.0' }), null)
  t.not(lookup('GET', '/y', { version: '1.2.0' }), null)
  t.not(lookup('GET', '/y', { version: '1.x' }), null, 'a version is a semver range')
  t.equal(lookup('GET', '/y'), null)
})

t.test('a host-constrained route serves only its host; an unconstrained route serves every host', async t => {
  const app = Fastify()
  app.get('/h', { constraints: { host: 'a.example' } }, () => 'a')
  app.get('/any', () => 'any')
  const lookup = routeLookup(app)
  t.not(lookup('GET', '/h', { host: 'a.example' }), null)
  t.equal(lookup('GET', '/h', { host: 'b.example' }), null)
  t.equal(lookup('GET', '/h'), null)
  t.not(lookup('GET', '/any', { host: 'b.example' }), null)
})

t.test('a custom strategy lets an unconstrained route serve every value (find-my-way\'s default mustMatchWhenDerived)', async t => {
  const app = Fastify()
  // The app's strategy as the Fastify docs write one: mustMatchWhenDerived left to find-my-way.
  const { mustMatchWhenDerived: _default, ...strategy } = tenantStrategy
  app.addConstraintStrategy(strategy)
  app.get('/x', { constraints: { tenant: 'a' } }, () => 'a')
  app.get('/x', () => 'anybody')
  app.get('/y', { constraints: { tenant: 'a' } }, () => 'y')
  await app.ready()
  t.equal((await app.inject({ url: '/x', headers: { 'x-tenant': 'a' } })).body, 'a')
  t.equal((await app.inject({ url: '/x', headers: { 'x-tenant': 'b' } })).body, 'anybody')
  t.equal((await app.inject({ url: '/y', headers: { 'x-tenant': 'b' } })).statusCode, 404)
  t.equal((await app.inject({ url: '/y' })).statusCode, 404)
})

t.test('the values the built-in strategies derive come from Host (or :authority) and Accept-Version', async t => {
  const app = Fastify()
  app.get('/h', { constraints: { host: 'a.example', version: '1.0.0' } }, () => 'both')
  app.get('/values', { constraints: { host: 'a.example', version: '1.0.0' } }, request => constraintValues(request, true, true))
  await app.ready()
  t.equal((await app.inject({ url: '/h', headers: { host: 'a.example', 'accept-version': '1.0.0' } })).body, 'both')
  const values = await app.inject({ url: '/values', headers: { host: 'a.example', 'accept-version': '1.0.0' } })
  t.same(values.json(), { host: 'a.example', version: '1.0.0' })
  t.same(constraintValues({ headers: { ':authority': 'b.example' } } as never, true, false), { host: 'b.example' })
})
