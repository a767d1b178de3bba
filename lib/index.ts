import type { FastifyPluginCallback } from 'fastify'
import fp from 'fastify-plugin'
// TypeBox's schemas as object literals written at build time: exporting them
// loads no TypeBox (scripts/generate-schemas.js).
import { optionsSchema, routeConfigSchema } from './declare/generated/schemas'
import { formatAllow } from './model/allow'
import * as errors from './errors'
import { isMethodNotAllowedError, isNotImplementedError } from './error-guards'
import type { FastifyMethodNotAllowedOptions } from '../types/index'

// require() loads what the exports are made of, no more: the plugin's own
// modules load when it is registered, an integration's when it is first
// called (benchmarks/load.js; every module costs Node a read and a compile).
const plugin = fp(function methodNotAllowed (fastify, opts, done) {
  (require('./plugin') as typeof import('./plugin')).default(fastify, opts, done)
} as FastifyPluginCallback<FastifyMethodNotAllowedOptions>, { name: 'fastify-method-not-allowed' })

const corsFromRoutes: typeof import('./integrations/cors').corsFromRoutes = options =>
  (require('./integrations/cors') as typeof import('./integrations/cors')).corsFromRoutes(options)
const problemDetails: typeof import('./integrations/problem-details').problemDetails = (error, request) =>
  (require('./integrations/problem-details') as typeof import('./integrations/problem-details')).problemDetails(error, request)
const deprecationsPerMethod: typeof import('./integrations/openapi').deprecationsPerMethod = input =>
  (require('./integrations/openapi') as typeof import('./integrations/openapi')).deprecationsPerMethod(input)

// The package's CommonJS shape, described by types/index.d.ts: the plugin
// itself, plus `default` and a named export. Plain assignments, because Node's
// ESM loader finds named exports by reading them (cjs-module-lexer); this is
// what lets TypeScript, ESM and bundler consumers all load one build.
module.exports = plugin
module.exports.default = plugin
module.exports.fastifyMethodNotAllowed = plugin
module.exports.optionsSchema = optionsSchema
module.exports.routeConfigSchema = routeConfigSchema
module.exports.formatAllow = formatAllow
module.exports.corsFromRoutes = corsFromRoutes
module.exports.errors = errors
module.exports.isMethodNotAllowedError = isMethodNotAllowedError
module.exports.isNotImplementedError = isNotImplementedError
module.exports.problemDetails = problemDetails
module.exports.deprecationsPerMethod = deprecationsPerMethod
