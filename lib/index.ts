import plugin from './plugin'
// TypeBox's schemas as object literals written at build time: exporting them
// loads no TypeBox (scripts/generate-schemas.js).
import { optionsSchema, routeConfigSchema } from './declare/generated/schemas'
import { formatAllow } from './model/allow'
import { corsFromRoutes } from './integrations/cors'
import * as errors from './errors'
import { isMethodNotAllowedError, isNotImplementedError } from './error-guards'
import { problemDetails } from './integrations/problem-details'
import { deprecationsPerMethod } from './integrations/openapi'

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
