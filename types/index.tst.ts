import Fastify, { type FastifyPluginCallback } from 'fastify'
import cors from '@fastify/cors'
import { expect, test } from 'tstyche'
import fastifyMethodNotAllowed, {
  fastifyMethodNotAllowed as named,
  corsFromRoutes,
  type CorsFromRoutes,
  type CorsFromRoutesOptions,
  errors,
  formatAllow,
  optionsSchema,
  type FastifyMethodNotAllowedOptions,
  type MethodDeprecation,
  type MethodNotAllowedError,
  type MethodNotAllowedRouteConfig,
  type NotImplementedError,
  isMethodNotAllowedError,
  isNotImplementedError
} from './index'

test('the default and named exports are the same Fastify plugin', () => {
  expect(fastifyMethodNotAllowed).type.toBeAssignableTo<FastifyPluginCallback<FastifyMethodNotAllowedOptions>>()
  expect(named).type.toBe<FastifyPluginCallback<FastifyMethodNotAllowedOptions>>()
})

test('options', () => {
  const app = Fastify()
  app.register(fastifyMethodNotAllowed)
  app.register(fastifyMethodNotAllowed, { autoOptions: false, notImplemented: false, allowOnSuccess: true, catchAllIsResource: true, hints: true })
  expect(app.register).type.not.toBeCallableWith(fastifyMethodNotAllowed, { hints: 'yes' })
  expect(app.register).type.not.toBeCallableWith(fastifyMethodNotAllowed, { autoOptions: 'yes' })
  expect(app.register).type.not.toBeCallableWith(fastifyMethodNotAllowed, { unknown: true })
})

test('route config is typed through FastifyContextConfig', () => {
  const app = Fastify()
  app.get('/a', { config: { methodNotAllowed: false } }, async () => 'a')
  app.all('/b', { config: { methodNotAllowed: { allow: ['GET', 'HEAD'] } } }, async () => 'b')
  expect(app.get).type.not.toBeCallableWith('/c', { config: { methodNotAllowed: { allow: 'GET' } } }, async () => 'c')
  expect(app.get).type.not.toBeCallableWith('/d', { config: { methodNotAllowed: { deprecated: { PUT: { sunset: 2027 } } } } }, async () => 'd')
  expect(app.get).type.not.toBeCallableWith('/e', { config: { methodNotAllowed: 'no' } }, async () => 'e')
  expect(app.get).type.not.toBeCallableWith('/f', { config: { methodNotAllowed: { alow: ['GET'] } } }, async () => 'f')
})

test('the allowedMethods decorator', () => {
  const app = Fastify()
  expect(app.allowedMethods('/a')).type.toBe<string[]>()
  app.get('/b', async request => app.allowedMethods(request.url, request))
  expect(app.allowedMethods).type.not.toBeCallableWith(42)
  expect(app.allowedMethods).type.not.toBeCallableWith('/a', { host: 'api.example' })
})

test('errors and helpers', () => {
  const error = new errors.FST_ERR_METHOD_NOT_ALLOWED('PUT', '/a', 'GET')
  expect(error.statusCode).type.toBe<405>()
  expect(error.code).type.toBe<'FST_ERR_METHOD_NOT_ALLOWED'>()
  expect<MethodNotAllowedError['allow']>().type.toBe<string[]>()
  expect(formatAllow(['GET'])).type.toBe<string>()
  expect(optionsSchema.properties.autoOptions).type.not.toBe<never>()
  expect(new errors.FST_ERR_METHOD_NOT_ALLOWED_NOT_REGISTERED().code).type.toBe<'FST_ERR_METHOD_NOT_ALLOWED_NOT_REGISTERED'>()
  expect(new errors.FST_ERR_METHOD_NOT_ALLOWED_CORS_HOOK('preSerialization').code).type.toBe<'FST_ERR_METHOD_NOT_ALLOWED_CORS_HOOK'>()
})

test('corsFromRoutes returns options that @fastify/cors accepts', () => {
  const app = Fastify()
  app.register(cors, corsFromRoutes({ origin: 'https://app.example', exposedHeaders: ['Allow'] }))
  app.register(cors, corsFromRoutes())
  app.register(cors, corsFromRoutes({
    origin: [/\.example$/, 'https://other.test'],
    credentials: true,
    maxAge: 600,
    hook: 'preHandler',
    hideOptionsRoute: false,
    logLevel: 'silent'
  }))
  app.register(cors, corsFromRoutes({ origin: (origin, callback) => callback(null, origin !== undefined) }))
  app.register(cors, corsFromRoutes({ origin: async (origin: string | undefined) => origin === 'https://app.example' }))
  expect(corsFromRoutes()).type.toBe<CorsFromRoutes>()
  expect<ReturnType<CorsFromRoutes>['hook']>().type.toBe<'onRequest' | 'preParsing' | 'preValidation' | 'preHandler' | undefined>()
  expect<ReturnType<CorsFromRoutes>['preflight']>().type.toBe<false>()
})

test('corsFromRoutes refuses the options it decides', () => {
  expect(corsFromRoutes).type.not.toBeCallableWith({ methods: ['GET', 'PUT'] })
  expect(corsFromRoutes).type.not.toBeCallableWith({ strictPreflight: false })
  expect(corsFromRoutes).type.not.toBeCallableWith({ hook: 'onSend' })
  expect(corsFromRoutes).type.not.toBeCallableWith({ hook: 'preSerialization' })
  expect(corsFromRoutes).type.not.toBeCallableWith('https://app.example')
  expect<CorsFromRoutesOptions>().type.not.toHaveProperty('methods')
})

test('deprecations and the clock', () => {
  const app = Fastify()
  app.register(fastifyMethodNotAllowed, { clock: () => Date.now(), notImplementedLogLevel: 'warn' })
  app.put('/p', { config: { methodNotAllowed: { deprecated: { PUT: { since: '2026-12-01', sunset: '2027-06-30', use: 'PATCH', link: 'https://example.com/put' } } } } }, async () => 'p')
  expect(app.register).type.not.toBeCallableWith(fastifyMethodNotAllowed, { notImplementedLogLevel: 'loud' })
  expect<MethodNotAllowedError['retired']>().type.toBe<string | undefined>()
})

test('the guards narrow an error handler\'s unknown error to the 405 and the 501', () => {
  const app = Fastify()
  app.setErrorHandler((error, _request, reply) => {
    expect(error).type.toBe<unknown>()
    if (isMethodNotAllowedError(error)) {
      expect(error).type.toBe<MethodNotAllowedError>()
      expect(error.allow).type.toBe<string[]>()
      expect(error.statusCode).type.toBe<405>()
      expect(error.retired).type.toBe<string | undefined>()
      expect(error.use).type.toBe<string | undefined>()
      expect(error.link).type.toBe<string | undefined>()
      return reply.code(error.statusCode).send({ allow: error.allow })
    }
    if (isNotImplementedError(error)) {
      expect(error).type.toBe<NotImplementedError>()
      expect(error.statusCode).type.toBe<501>()
      expect(error.code).type.toBe<'FST_ERR_METHOD_NOT_IMPLEMENTED'>()
    }
    throw error
  })
  expect(isMethodNotAllowedError).type.toBeCallableWith(new Error('x'))
  expect(isMethodNotAllowedError).type.not.toBeCallableWith()
})

test('instanceof the 405 constructor gives its details: allow, retired, use and link', () => {
  const error: unknown = new Error('x')
  if (error instanceof errors.FST_ERR_METHOD_NOT_ALLOWED) {
    // Set on the errors the plugin sends, not by the constructor: optional here.
    expect(error.allow).type.toBe<string[] | undefined>()
    expect(error.retired).type.toBe<string | undefined>()
    expect(error.use).type.toBe<string | undefined>()
    expect(error.link).type.toBe<string | undefined>()
    expect(error.statusCode).type.toBe<405>()
  }
  expect(new errors.FST_ERR_METHOD_NOT_ALLOWED_FASTIFY_VERSION('^5.12.4', '4.29.1').code).type.toBe<'FST_ERR_METHOD_NOT_ALLOWED_FASTIFY_VERSION'>()
  expect(errors.FST_ERR_METHOD_NOT_ALLOWED_FASTIFY_VERSION).type.not.toBeConstructableWith('4.29.1')
})

test('a deprecation needs since unless retired, and names methods Fastify knows', () => {
  const app = Fastify()
  app.put('/a', { config: { methodNotAllowed: { deprecated: { put: { since: '2026-12-01', use: 'patch' } } } } }, async () => 'a')
  app.put('/b', { config: { methodNotAllowed: { deprecated: { PUT: { retired: true, use: 'PATCH' } } } } }, async () => 'b')
  app.put('/c', { config: { methodNotAllowed: true } }, async () => 'c')
  expect(app.put).type.not.toBeCallableWith('/d', { config: { methodNotAllowed: { deprecated: { PUT: { sunset: '2027-06-30' } } } } }, async () => 'd')
  expect(app.put).type.not.toBeCallableWith('/f', { config: { methodNotAllowed: { deprecated: { PUT: { since: '2026-12-01', use: 'PATCHH' } } } } }, async () => 'f')
  expect(app.put).type.not.toBeCallableWith('/h', { config: { methodNotAllowed: { deprecated: { PUT: { retired: false } } } } }, async () => 'h')
  expect({ since: '2026-12-01', use: 'QUERY' as const }).type.toBeAssignableTo<MethodDeprecation>()
  expect({ since: '2026-12-01', use: 'BREW' as const }).type.not.toBeAssignableTo<MethodDeprecation>()
})

test('a typo key is caught where the config is typed: Fastify infers the type of a route\'s config, which lets extra keys through', () => {
  const app = Fastify()
  // Compiles: `config` takes the type of the value given (Fastify's ContextConfig
  // generic); the plugin refuses the key at startup.
  expect(app.put).type.toBeCallableWith('/e', { config: { methodNotAllowed: { deprecated: { PUT: { since: '2026-12-01', usee: 'PATCH' } } } } }, async () => 'e')
  expect({ deprecated: { PUT: { since: '2026-12-01', usee: 'PATCH' } } } satisfies MethodNotAllowedRouteConfig).type.toRaiseError("'usee' does not exist")
  expect({ deprecated: { PUTT: { since: '2026-12-01' } } } satisfies MethodNotAllowedRouteConfig).type.toRaiseError("'PUTT' does not exist")
  const methodNotAllowed: MethodNotAllowedRouteConfig = { deprecated: { PUT: { since: '2026-12-01', use: 'PATCH' } } }
  app.put('/g', { config: { methodNotAllowed } }, async () => 'g')
})
