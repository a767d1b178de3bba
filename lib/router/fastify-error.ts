import { FST_ERR_METHOD_NOT_ALLOWED } from '../errors'
import type { Deprecation } from '../model/deprecation'
import type { MethodNotAllowedError } from '../../types/index'

/**
 * The object `new FST_ERR_METHOD_NOT_ALLOWED(method, url, allow)` builds
 * (@fastify/error: own code, name, statusCode and message, in that order, on
 * its prototype, so that instanceof holds), plus `allow`, without the
 * constructor's rest arguments and util.format: those cost more than
 * everything else the plugin does for a 405 (benchmarks/icount.js).
 * test/router/fastify-error.test.ts compares the two objects.
 */
export const MethodNotAllowed = function MethodNotAllowed (this: MethodNotAllowedError, message: string, allow: string[]) {
  this.code = 'FST_ERR_METHOD_NOT_ALLOWED'
  this.name = 'FastifyError'
  this.statusCode = 405
  this.message = message
  this.allow = allow
} as unknown as new (message: string, allow: string[]) => MethodNotAllowedError
MethodNotAllowed.prototype = FST_ERR_METHOD_NOT_ALLOWED.prototype

// The body Fastify's default error handler sends for an error (lib/error-serializer.js
// writes statusCode, code, error and message, in that order), up to the message.
const defaultBody = '{"statusCode":405,"code":"FST_ERR_METHOD_NOT_ALLOWED","error":"Method Not Allowed","message":'

/**
 * The default 405 body of a retired method, with `use` and `link` beside the
 * message, so that a client need not parse a sentence. Fastify's default
 * error handler serializes only statusCode, code, error and message, so the
 * body is recognised once serialized: an error handler of the app that sends
 * a body of its own keeps it as it is. Undefined: not that body.
 */
export function retiredBody (payload: unknown, deprecation: Deprecation): string | undefined {
  if (typeof payload !== 'string' || !payload.startsWith(defaultBody)) return undefined
  const body = JSON.parse(payload) as { message: string }
  if (Object.keys(body).length !== 4 || !body.message.startsWith(`Method ${deprecation.method} was retired`)) return undefined
  // The message names `use` only where the URL's Allow lists it (lib/request/responder.ts retiredMethod).
  const use = deprecation.use !== undefined && body.message.includes(`; use ${deprecation.use}`) ? deprecation.use : undefined
  return JSON.stringify({ ...body, use, link: deprecation.link })
}
