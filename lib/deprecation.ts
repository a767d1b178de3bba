import type { MethodDeprecation as DeprecationConfig } from '../types/index'

/**
 * Deprecated and retired methods of a route (`config.methodNotAllowed.deprecated`).
 * While deprecated, a method works and its responses say so (RFC 9745
 * Deprecation, RFC 8594 Sunset, and their link relations); from its sunset on,
 * or once declared retired, it is gone: the plugin answers it 405 and leaves it
 * out of every Allow list, as if the route no longer served it.
 */

export type { MethodDeprecation as DeprecationConfig } from '../types/index'

/** A deprecated method of one route, with its dates read once. */
export interface Deprecation {
  method: string
  /** Epoch milliseconds from which the method is retired; Infinity while it has no sunset. */
  retiresAt: number
  /** The header values sent while the method still works. */
  headers: ReadonlyArray<readonly [string, string]>
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

/**
 * Reads a validated `deprecated` config. `deprecatedFrom` stands for `since`
 * when it is not given: the moment the app declared the route deprecated.
 */
export function readSchedule (deprecated: Record<string, DeprecationConfig>, deprecatedFrom: number): Map<string, Deprecation> {
  const schedule = new Map<string, Deprecation>()
  for (const [name, config] of Object.entries(deprecated)) {
    const method = name.toUpperCase()
    const retiresAt = config.retired === true ? -Infinity : config.sunset === undefined ? Infinity : Date.parse(config.sunset)
    const headers: Array<[string, string]> = [['deprecation', structuredDate(config.since === undefined ? deprecatedFrom : Date.parse(config.since))]]
    if (config.sunset !== undefined) headers.push(['sunset', new Date(Date.parse(config.sunset)).toUTCString()])
    if (config.link !== undefined) {
      // RFC 9745 §3 and RFC 8594 §6: the same document explains both.
      headers.push(['link', `<${config.link}>; rel="deprecation"` + (config.sunset === undefined ? '' : `, <${config.link}>; rel="sunset"`)])
    }
    const entry: Deprecation = { method, retiresAt, headers, sunset: config.sunset, use: config.use?.toUpperCase(), link: config.link }
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
