import Fastify, { type FastifyRequest } from 'fastify'
import swagger from '@fastify/swagger'
import { expect, test } from 'tstyche'
import fastifyMethodNotAllowed, {
  deprecationsPerMethod,
  problemDetails,
  type DeprecatedCall,
  type ProblemDetails
} from './index'

test('deprecatedCallLogLevel and onDeprecatedCall', () => {
  const app = Fastify()
  app.register(fastifyMethodNotAllowed, {
    deprecatedCallLogLevel: 'info',
    onDeprecatedCall: (call, request) => {
      expect(call).type.toBe<DeprecatedCall>()
      expect(request).type.toBe<FastifyRequest>()
      expect(call.retired).type.toBe<boolean>()
      expect(call.sunset).type.toBe<string | undefined>()
      expect(call.userAgent).type.toBe<string | undefined>()
    }
  })
  expect(app.register).type.not.toBeCallableWith(fastifyMethodNotAllowed, { deprecatedCallLogLevel: 'loud' })
  expect(app.register).type.not.toBeCallableWith(fastifyMethodNotAllowed, { onDeprecatedCall: 'metrics' })
})

test('problemDetails takes the error handler\'s unknown error, with no cast', () => {
  const app = Fastify()
  app.setErrorHandler((error, request, reply) => {
    const problem = problemDetails(error, request)
    expect(problem).type.toBe<ProblemDetails | undefined>()
    if (problem === undefined) throw error
    expect(problem.status).type.toBe<405 | 501>()
    expect(problem.type).type.toBe<'about:blank'>()
    expect(problem.allow).type.toBe<string[] | undefined>()
    return reply.code(problem.status).type('application/problem+json').send(problem)
  })
  expect(problemDetails).type.not.toBeCallableWith(new Error('x'))
})

test('deprecationsPerMethod is @fastify/swagger\'s transformObject, for both spec versions, and composes', () => {
  const app = Fastify()
  app.register(swagger, { openapi: { info: { title: 't', version: '1' } }, transformObject: deprecationsPerMethod })
  app.register(swagger, { swagger: { info: { title: 't', version: '1' } }, transformObject: deprecationsPerMethod })
  const document = { openapi: '3.1.0', paths: {} }
  expect(deprecationsPerMethod({ openapiObject: document })).type.toBe<{ openapi: string, paths: {} }>()
  expect(deprecationsPerMethod({ swaggerObject: document })).type.toBe<{ openapi: string, paths: {} }>()
  expect(deprecationsPerMethod).type.not.toBeCallableWith({ document })
})
