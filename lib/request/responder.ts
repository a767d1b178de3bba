import type { FastifyReply } from 'fastify'
import { formatAllow } from '../model/allow'
import type { Deprecation } from '../model/deprecation'
import { FST_ERR_METHOD_NOT_IMPLEMENTED } from '../errors'
import { MethodNotAllowed } from '../router/fastify-error'
import type { Resolution } from './matcher'
import type { MethodNotAllowedError } from '../../types/index'

/** What the plugin sends once lib/request/decide.ts has decided: 405, 501, 200 to OPTIONS, and what a deprecation adds. */

/**
 * RFC 9110 §15.5.6. Allow goes on the reply before the error travels to the
 * not-found context's error handler, so whatever that handler sends keeps it.
 * The message names `url` as the client sent it, query included, as Fastify's
 * 404 message does. A resolution serves one path and method (the cache keys
 * them so), and keeps its last message: a URL that comes again reuses it.
 * Building it costs little, but fast-json-stringify's escape test flattens a
 * freshly concatenated string on every 405, about 1.5% of the request's
 * instructions (benchmarks/icount.js, "405 repeated"). With the `hints`
 * option, `hint` ends the message with a nearby URL pattern serving the
 * method (lib/ready/hints.ts); the message is cached with it.
 */
export function methodNotAllowed (reply: FastifyReply, method: string, url: string, resolution: Resolution, hint?: (method: string, url: string) => string): MethodNotAllowedError {
  const { header } = resolution.answer
  reply.header('allow', header)
  if (resolution.messageUrl !== url) {
    resolution.messageUrl = url
    resolution.message = `Method ${method} is not allowed for ${url}; allowed: ${header}` + (hint === undefined ? '' : hint(method, url))
  }
  // A copy of `allow`: it is shared, and error handlers own the error.
  return new MethodNotAllowed(resolution.message, resolution.allow.slice())
}

/**
 * A 405 for a method the route retired (lib/model/deprecation.ts): its Allow no
 * longer lists it. `use` is named only while this URL's Allow lists it: the
 * routes of some URLs of the pattern may have retired it too.
 */
export function retiredMethod (reply: FastifyReply, deprecation: Deprecation, url: string, allow: readonly string[]): MethodNotAllowedError {
  const header = formatAllow(allow)
  reply.header('allow', header)
  const told = deprecation.use === undefined || allow.includes(deprecation.use) ? deprecation : { ...deprecation, use: undefined }
  const error = new MethodNotAllowed(retiredMessage(told, url, header), allow.slice())
  error.retired = deprecation.declaredRetired ? undefined : deprecation.sunset
  error.use = told.use
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

/** The message of the 405 a retired method gets. */
function retiredMessage (deprecation: Deprecation, url: string, allowHeader: string): string {
  const when = deprecation.sunset === undefined || deprecation.declaredRetired ? '' : ` on ${deprecation.sunset}`
  const instead = deprecation.use === undefined
    ? (deprecation.link === undefined ? '' : `; see ${deprecation.link}`)
    : `; use ${deprecation.use}` + (deprecation.link === undefined ? '' : ` (${deprecation.link})`)
  return `Method ${deprecation.method} was retired${when} for ${url}${instead}; allowed: ${allowHeader}`
}

/** RFC 8288 §3 (RFC 9110 §5.3): Link is a list; ours joins whatever the app set, as one more member or one more field line. */
export function combineLinks (present: string | number | string[] | undefined, links: string): string | string[] {
  if (present === undefined) return links
  return Array.isArray(present) ? [...present, links] : `${present}, ${links}`
}
