import type { FastifyReply } from 'fastify'
import { FST_ERR_METHOD_NOT_ALLOWED, FST_ERR_METHOD_NOT_IMPLEMENTED } from './errors'

export interface MethodNotAllowedError extends Error {
  code: 'FST_ERR_METHOD_NOT_ALLOWED'
  statusCode: 405
  /** The methods the resource supports, sorted: the Allow header as a list. */
  allow: string[]
}

// Without arguments the constructor leaves its template untouched, cheaply.
const MethodNotAllowed = FST_ERR_METHOD_NOT_ALLOWED as unknown as new () => MethodNotAllowedError

/** RFC 9110 §10.2.1: one field, the methods as a comma-separated list. */
export function formatAllow (allow: readonly string[]): string {
  return allow.join(', ')
}

/**
 * RFC 9110 §15.5.6. Allow goes on the reply before the error travels to the
 * not-found context's error handler, so whatever that handler sends keeps it.
 * `header` is formatAllow(allow), passed in when already known (cache.ts).
 */
export function methodNotAllowed (reply: FastifyReply, method: string, url: string, allow: readonly string[], header = formatAllow(allow)): MethodNotAllowedError {
  reply.header('allow', header)
  // Built here rather than by @fastify/error, whose util.format costs more than
  // everything else the plugin does for a 405 (issue 3). Same template: a test
  // in test/cache.test.ts holds the two together.
  const error = new MethodNotAllowed()
  error.message = `Method ${method} is not allowed for ${url}; allowed: ${header}`
  // A copy: `allow` may be the cache's, and error handlers own the error.
  error.allow = allow.slice()
  return error
}

/** RFC 9110 §15.6.2: a method the server does not route anywhere. */
export function notImplemented (method: string): Error {
  return new FST_ERR_METHOD_NOT_IMPLEMENTED(method)
}

/** RFC 9110 §9.3.7: OPTIONS describes the resource's methods; no body, so Content-Length: 0. */
export function sendOptions (reply: FastifyReply, allow: readonly string[], header = formatAllow(allow)): void {
  reply.code(200).header('allow', header).send()
}
