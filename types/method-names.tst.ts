import Fastify from 'fastify'
import { expect, test } from 'tstyche'
import type { MethodDeprecation, MethodName } from './index'

// A method the app adds with addHttpMethod joins the names by augmentation.
declare module './index' {
  interface MethodNames {
    PURGE: true
  }
}

test('an augmented method name is accepted as a key and as use', () => {
  const app = Fastify()
  app.addHttpMethod('PURGE')
  app.route({ method: 'PURGE', url: '/p', config: { methodNotAllowed: { deprecated: { PURGE: { since: '2026-12-01', use: 'DELETE' } } } }, handler: async () => 'p' })
  expect({ since: '2026-12-01', use: 'purge' as const }).type.toBeAssignableTo<MethodDeprecation>()
  expect('PURGE' as const).type.toBeAssignableTo<MethodName>()
  expect('PURGEE' as const).type.not.toBeAssignableTo<MethodName>()
})
