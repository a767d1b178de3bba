import type { FastifyReply } from 'fastify'
import { formatAllow, type Answer } from './allow'
import { retiredMessage, type Deprecation } from './deprecation'
import { FST_ERR_METHOD_NOT_ALLOWED, FST_ERR_METHOD_NOT_IMPLEMENTED } from './errors'

import type { MethodNotAllowedError } from '../types/index'

/**
 * The object `new FST_ERR_METHOD_NOT_ALLOWED(method, url, allow)` builds (own
 * code, name, statusCode and message, in that order, on its prototype, so that
 * instanceof holds), plus `allow`, without the constructor's rest arguments and
 * util.format: those cost more than everything else the plugin does for a 405
 * (benchmarks/icount.js). test/cache.test.ts compares the two objects.
 */
const MethodNotAllowed = function MethodNotAllowed (this: MethodNotAllowedError, message: string, allow: string[]) {
  this.code = 'FST_ERR_METHOD_NOT_ALLOWED'
  this.name = 'FastifyError'
  this.statusCode = 405
  this.message = message
  this.allow = allow
} as unknown as new (message: string, allow: string[]) => MethodNotAllowedError
MethodNotAllowed.prototype = FST_ERR_METHOD_NOT_ALLOWED.prototype

/**
 * RFC 9110 §15.5.6. Allow goes on the reply before the error travels to the
 * not-found context's error handler, so whatever that handler sends keeps it.
 * The message names `url` as the client sent it, query included, as Fastify's
 * 404 message does.
 */
export function methodNotAllowed (reply: FastifyReply, method: string, url: string, answer: Answer): MethodNotAllowedError {
  reply.header('allow', answer.header)
  // A copy of `allow`: it may be the cache's, and error handlers own the error.
  return new MethodNotAllowed(answer.notAllowed(method, url), answer.allow.slice())
}

/** A 405 for a method the route retired (lib/deprecation.ts): its Allow no longer lists it. */
export function retiredMethod (reply: FastifyReply, deprecation: Deprecation, url: string, allow: readonly string[]): MethodNotAllowedError {
  const header = formatAllow(allow)
  reply.header('allow', header)
  const error = new MethodNotAllowed(retiredMessage(deprecation, url, header), allow.slice())
  error.retired = deprecation.retiresAt === -Infinity ? undefined : deprecation.sunset
  error.use = deprecation.use
  error.link = deprecation.link
  return error
}

/** RFC 9110 §15.6.2: a method the server does not route anywhere. */
export function notImplemented (method: string): Error {
  return new FST_ERR_METHOD_NOT_IMPLEMENTED(method)
}

/** RFC 9110 §9.3.7: OPTIONS describes the resource's methods; no body, so Content-Length: 0. */
export function sendOptions (reply: FastifyReply, header: string): void {
  reply.code(200).header('allow', header).send()
}
