import type { Deprecation, DeprecationConfig } from '../model/deprecation'
import { follower } from '../router/exposed-head'

/** RFC 9745 §2.1: a Structured Field Date, seconds since the epoch. */
function structuredDate (time: number): string {
  return `@${Math.floor(time / 1000)}`
}

/** Reads a validated `deprecated` config (lib/declare/route-config.ts): `since` is there unless the method is declared retired. */
export function readSchedule (deprecated: Record<string, DeprecationConfig>): Map<string, Deprecation> {
  const schedule = new Map<string, Deprecation>()
  for (const [name, config] of Object.entries(deprecated)) {
    const method = name.toUpperCase()
    const declaredRetired = config.retired === true
    const retiresAt = declaredRetired ? -Infinity : config.sunset === undefined ? Infinity : Date.parse(config.sunset)
    const headers: Array<[string, string]> = []
    let deprecation: string | undefined
    let links: string | undefined
    if (!declaredRetired) {
      deprecation = structuredDate(Date.parse(config.since as string))
      headers.push(['deprecation', deprecation])
      if (config.sunset !== undefined) headers.push(['sunset', new Date(Date.parse(config.sunset)).toUTCString()])
      // RFC 9745 §3 and RFC 8594 §6: the same document explains both.
      if (config.link !== undefined) links = `<${config.link}>; rel="deprecation"` + (config.sunset === undefined ? '' : `, <${config.link}>; rel="sunset"`)
    }
    const entry: Deprecation = { method, retiresAt, declaredRetired, headers, deprecation, links, since: config.since, sunset: config.sunset, use: config.use?.toUpperCase(), link: config.link }
    schedule.set(method, entry)
    const head = follower(method)
    if (head !== undefined && !schedule.has(head)) schedule.set(head, { ...entry, method: head })
  }
  return schedule
}
