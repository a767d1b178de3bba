import type { FastifyReply } from 'fastify'
import { FST_ERR_METHOD_NOT_ALLOWED, FST_ERR_METHOD_NOT_IMPLEMENTED } from './errors'

export interface MethodNotAllowedError extends Error {
  code: 'FST_ERR_METHOD_NOT_ALLOWED'
  statusCode: 405
  /** The methods the resource supports, sorted: the Allow header as a list. */
  allow: string[]
}

/** RFC 9110 §10.2.1: one field, the methods as a comma-separated list. */
export function formatAllow (allow: readonly string[]): string {
  return allow.join(', ')
}

/**
 * RFC 9110 §15.5.6. Allow goes on the reply before the error travels to the
 * not-found context's error handler, so whatever that handler sends keeps it.
 */
export function methodNotAllowed (reply: FastifyReply, method: string, url: string, allow: string[]): MethodNotAllowedError {
  const header = formatAllow(allow)
  reply.header('allow', header)
  const error = new FST_ERR_METHOD_NOT_ALLOWED(method, url, header) as unknown as MethodNotAllowedError
  error.allow = allow
  return error
}

/** RFC 9110 §15.6.2: a method the server does not route anywhere. */
export function notImplemented (method: string): Error {
  return new FST_ERR_METHOD_NOT_IMPLEMENTED(method)
}

/** RFC 9110 §9.3.7: OPTIONS describes the resource's methods; no body, so Content-Length: 0. */
export function sendOptions (reply: FastifyReply, allow: readonly string[]): void {
  reply.code(200).header('allow', formatAllow(allow)).send()
}
