import type { FastifyRequest } from 'fastify'
import { isMethodNotAllowedError, isNotImplementedError } from '../error-guards'
import type { ProblemDetails } from '../../types/index'

/**
 * RFC 9457 problem details for the plugin's 405 and 501, retired methods'
 * 405 included. `type` is about:blank, so `title` is the status code's
 * reason phrase (§4.2.1): the problem is exactly what the status code says,
 * and the extension members (§3.2) say what to do next: `allow` (RFC 9110
 * §10.2.1 as a list), and for a retired method `sunset`, `use` and `link`.
 */
export function problemDetails (error: unknown, request: FastifyRequest): ProblemDetails | undefined {
  if (isMethodNotAllowedError(error)) {
    const problem: ProblemDetails = { type: 'about:blank', title: 'Method Not Allowed', status: 405, detail: error.message, instance: uriReference(request.url), allow: error.allow.slice() }
    if (error.retired !== undefined) problem.sunset = error.retired
    if (error.use !== undefined) problem.use = error.use
    if (error.link !== undefined) problem.link = error.link
    return problem
  }
  if (isNotImplementedError(error)) {
    return { type: 'about:blank', title: 'Not Implemented', status: 501, detail: error.message, instance: uriReference(request.url) }
  }
  return undefined
}

// What RFC 3986 allows in a relative reference's path and query, and a
// percent sign that starts a pct-encoded octet.
const allowed = /[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2}/y

/**
 * `instance` must be a URI reference (RFC 9457 §3.1.5), and a request target
 * as Node hands it over may hold more: Node reads its bytes as Latin-1, so
 * each other character is the byte it was, encoded as such.
 */
function uriReference (target: string): string {
  let out = ''
  let at = 0
  while (at < target.length) {
    allowed.lastIndex = at
    const match = allowed.exec(target)
    if (match !== null) {
      out += match[0]
      at += match[0].length
      continue
    }
    const point = target.codePointAt(at) as number
    const character = String.fromCodePoint(point)
    // Beyond Latin-1 only through inject(), which takes any string: UTF-8.
    for (const byte of point < 256 ? [point] : Buffer.from(character)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
    at += character.length
  }
  return out
}
