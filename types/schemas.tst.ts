import type { Static } from '@sinclair/typebox'
import type { LogLevel } from 'fastify'
import { expect, test } from 'tstyche'
// Straight from the source: the published declarations are held against
// lib/declare/schemas/, which validates at run time, not against a copy.
import { optionsSchema as sourceOptions } from '../lib/declare/schemas/options'
import { routeConfigSchema as sourceRouteConfig } from '../lib/declare/schemas/route-config'
import { optionsSchema, routeConfigSchema, type FastifyMethodNotAllowedOptions, type MethodNotAllowedRouteConfig } from './index'

test('the declared schemas are the types of lib/declare/schemas', () => {
  expect<typeof optionsSchema>().type.toBe<typeof sourceOptions>()
  expect<typeof routeConfigSchema>().type.toBe<typeof sourceRouteConfig>()
})

test('the public option and route-config types are what lib/declare/schemas validates', () => {
  expect<FastifyMethodNotAllowedOptions>().type.toBe<Static<typeof sourceOptions>>()
  // Narrower than the schema: the type also wants one of allow and deprecated.
  expect<MethodNotAllowedRouteConfig>().type.toBeAssignableTo<Static<typeof sourceRouteConfig>>()
  // The log levels are Fastify's own (pino's, 'silent' included).
  expect<Static<typeof sourceOptions>['notImplementedLogLevel']>().type.toBe<LogLevel | undefined>()
})
