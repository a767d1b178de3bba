import type { FastifyReply } from 'fastify'
import { FST_ERR_METHOD_NOT_ALLOWED, FST_ERR_METHOD_NOT_IMPLEMENTED } from './errors'

export interface MethodNotAllowedError extends Error {
  code: 'FST_ERR_METHOD_NOT_ALLOWED'
  statusCode: 405
  /** The methods the resource supports, sorted: the Allow header as a list. */
  allow: string[]
}

/**
 * The object `new FST_ERR_METHOD_NOT_ALLOWED(method, url, allow)` builds (own
 * code, name, statusCode and message, in that order, on its prototype, so that
 * instanceof holds), plus `allow`, without the constructor's rest arguments and
 * util.format: those cost more than everything else the plugin does for a 405
 * (issue 3). test/cache.test.ts compares the two objects.
 */
const MethodNotAllowed = function MethodNotAllowed (this: MethodNotAllowedError, message: string, allow: string[]) {
  this.code = 'FST_ERR_METHOD_NOT_ALLOWED'
  this.name = 'FastifyError'
  this.statusCode = 405
  this.message = message
  this.allow = allow
} as unknown as new (message: string, allow: string[]) => MethodNotAllowedError
MethodNotAllowed.prototype = FST_ERR_METHOD_NOT_ALLOWED.prototype

/** RFC 9110 §10.2.1: one field, the methods as a comma-separated list. */
export function formatAllow (allow: readonly string[]): string {
  return allow.join(', ')
}

/**
 * A resolution's Allow list with its field value, formatted once, and the
 * last 405 message built from it. Cached answers live as long as their cache
 * entry (one per path and method), so a URL that comes again reuses its
 * message: building it costs little, but fast-json-stringify's escape test
 * flattens the concatenated string on every 405, about 1.5% of the whole
 * request's instructions (issue 3).
 */
export interface Answer {
  readonly allow: readonly string[]
  readonly header: string
  url?: string
  message?: string
}

/**
 * RFC 9110 §15.5.6. Allow goes on the reply before the error travels to the
 * not-found context's error handler, so whatever that handler sends keeps it.
 * The message names `url` as the client sent it, query included, as Fastify's
 * 404 message does.
 */
export function methodNotAllowed (reply: FastifyReply, method: string, url: string, answer: Answer): MethodNotAllowedError {
  reply.header('allow', answer.header)
  let message = answer.message
  if (message === undefined || answer.url !== url) {
    message = answer.message = `Method ${method} is not allowed for ${url}; allowed: ${answer.header}`
    answer.url = url
  }
  // A copy of `allow`: it may be the cache's, and error handlers own the error.
  return new MethodNotAllowed(message, answer.allow.slice())
}

/** RFC 9110 §15.6.2: a method the server does not route anywhere. */
export function notImplemented (method: string): Error {
  return new FST_ERR_METHOD_NOT_IMPLEMENTED(method)
}

/** RFC 9110 §9.3.7: OPTIONS describes the resource's methods; no body, so Content-Length: 0. */
export function sendOptions (reply: FastifyReply, allow: readonly string[], header = formatAllow(allow)): void {
  reply.code(200).header('allow', header).send()
}
