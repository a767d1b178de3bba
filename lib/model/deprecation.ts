import type { MethodDeprecation as DeprecationConfig } from '../../types/index'

/**
 * Deprecated and retired methods of a route (`config.methodNotAllowed.deprecated`).
 * While deprecated, a method works and its responses say so (RFC 9745
 * Deprecation, RFC 8594 Sunset, and their link relations); from its sunset on,
 * or once declared retired, it is gone: the plugin answers it 405 and leaves it
 * out of every Allow list, as if the route no longer served it.
 */

export type { MethodDeprecation as DeprecationConfig } from '../../types/index'

/** A deprecated method of one route, with its dates read once. */
export interface Deprecation {
  method: string
  /** Epoch milliseconds from which the method is retired; Infinity while it has no sunset. */
  retiresAt: number
  /** The Deprecation and Sunset fields sent while the method still works. */
  headers: ReadonlyArray<readonly [string, string]>
  /** The Deprecation field value; undefined for a method declared retired, which never sends it. */
  deprecation?: string
  /** The link-values added to the response's Link field while the method works (RFC 8288 §3). */
  links?: string
  /** As configured, for messages and error handlers. */
  sunset?: string
  use?: string
  link?: string
}

export type Schedule = ReadonlyMap<string, Deprecation>

/** RFC 9745 §2.1: a Structured Field Date, seconds since the epoch. */
function structuredDate (time: number): string {
  return `@${Math.floor(time / 1000)}`
}

/** Reads a validated `deprecated` config (lib/route-config.ts): `since` is there unless the method is declared retired. */
export function readSchedule (deprecated: Record<string, DeprecationConfig>): Map<string, Deprecation> {
  const schedule = new Map<string, Deprecation>()
  for (const [name, config] of Object.entries(deprecated)) {
    const method = name.toUpperCase()
    const retired = config.retired === true
    const retiresAt = retired ? -Infinity : config.sunset === undefined ? Infinity : Date.parse(config.sunset)
    const headers: Array<[string, string]> = []
    let deprecation: string | undefined
    let links: string | undefined
    if (!retired) {
      deprecation = structuredDate(Date.parse(config.since as string))
      headers.push(['deprecation', deprecation])
      if (config.sunset !== undefined) headers.push(['sunset', new Date(Date.parse(config.sunset)).toUTCString()])
      // RFC 9745 §3 and RFC 8594 §6: the same document explains both.
      if (config.link !== undefined) links = `<${config.link}>; rel="deprecation"` + (config.sunset === undefined ? '' : `, <${config.link}>; rel="sunset"`)
    }
    const entry: Deprecation = { method, retiresAt, headers, deprecation, links, sunset: config.sunset, use: config.use?.toUpperCase(), link: config.link }
    schedule.set(method, entry)
    // HEAD follows GET, as Fastify's exposeHeadRoutes ties them.
    if (method === 'GET' && !schedule.has('HEAD')) schedule.set('HEAD', { ...entry, method: 'HEAD' })
  }
  return schedule
}

/** The message of the 405 a retired method gets. */
export function retiredMessage (deprecation: Deprecation, url: string, allowHeader: string): string {
  const when = deprecation.sunset === undefined || deprecation.retiresAt === -Infinity ? '' : ` on ${deprecation.sunset}`
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
  // The message names `use` only where the URL's Allow lists it (lib/responder.ts).
  const use = deprecation.use !== undefined && body.message.includes(`; use ${deprecation.use}`) ? deprecation.use : undefined
  return JSON.stringify({ ...body, use, link: deprecation.link })
}
