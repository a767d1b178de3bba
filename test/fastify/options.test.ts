import t from 'tap'
import Fastify from 'fastify'
import { Value } from '@sinclair/typebox/value'
import methodNotAllowed from '../../lib/plugin'
import { resolveOptions } from '../../lib/declare/options'
import { optionsSchema } from '../../lib/declare/schemas/options'

t.test('defaults', async t => {
  t.same(resolveOptions(undefined), { autoOptions: true, notImplemented: true, allowOnSuccess: false, notImplementedLogLevel: 'info', deprecatedCallLogLevel: 'warn', catchAllIsResource: false, hints: false })
  t.same(resolveOptions({ autoOptions: false }), { autoOptions: false, notImplemented: true, allowOnSuccess: false, notImplementedLogLevel: 'info', deprecatedCallLogLevel: 'warn', catchAllIsResource: false, hints: false })
  const clock = (): number => 0
  t.equal(resolveOptions({ clock }).clock, clock)
})

t.test('the schema is a TypeBox schema that documents every option', async t => {
  t.same(Object.keys(optionsSchema.properties).sort(), ['allowOnSuccess', 'autoOptions', 'catchAllIsResource', 'clock', 'deprecatedCallLogLevel', 'hints', 'notImplemented', 'notImplementedLogLevel', 'onDeprecatedCall'])
  t.equal(Value.Check(optionsSchema, { autoOptions: true }), true)
  t.equal(Value.Check(optionsSchema, { autoOptions: 'yes' }), false)
})

t.test('register() options such as prefix are not ours to reject', async t => {
  const app = Fastify()
  await app.register(methodNotAllowed, { prefix: '/x', logLevel: 'info' } as object)
  app.get('/a', async () => 'a')
  t.equal((await app.inject({ method: 'POST', url: '/a' })).statusCode, 405)
})

t.test('a wrong type fails registration with an error naming the key', async t => {
  const app = Fastify()
  await t.rejects(async () => { await app.register(methodNotAllowed, { autoOptions: 'yes' } as never) }, {
    code: 'FST_ERR_METHOD_NOT_ALLOWED_INVALID_OPTION',
    message: 'fastify-method-not-allowed: invalid option "autoOptions": Expected boolean'
  })
})

t.test('an unknown key fails registration with an error naming the key', async t => {
  const app = Fastify()
  await t.rejects(async () => { await app.register(methodNotAllowed, { autoOption: true } as never) }, {
    code: 'FST_ERR_METHOD_NOT_ALLOWED_INVALID_OPTION',
    message: 'fastify-method-not-allowed: invalid option "autoOption": Unexpected property'
  })
})

t.test('options that are not an object fail registration', async t => {
  t.throws(() => resolveOptions(42), {
    code: 'FST_ERR_METHOD_NOT_ALLOWED_INVALID_OPTION',
    message: 'fastify-method-not-allowed: invalid option "(options)": options must be an object'
  })
  t.same(resolveOptions(null), resolveOptions(undefined))
})
