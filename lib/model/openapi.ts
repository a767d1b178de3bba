import type { Schedule } from './deprecation'

/**
 * How a route's deprecated and retired methods appear in an OpenAPI (or
 * Swagger 2) document that @fastify/swagger builds from the route's schema.
 * OpenAPI has one standard field for this, the operation's `deprecated`; the
 * dates, the successor and the link go in an `x-` extension for tools and in
 * the description for readers (Swagger UI and Scalar show descriptions, and
 * extensions only when asked).
 */

/** The extension an operation carries: by method, what the route's config declares, and whether the method was retired when the app started. */
export const deprecatedMethodsKey = 'x-deprecated-methods'

export interface DocumentedDeprecation {
  since?: string
  sunset?: string
  use?: string
  link?: string
  /** Retired when the route was declared: the method answers 405. */
  retired?: true
}

export type DocumentedDeprecations = Record<string, DocumentedDeprecation>

/** The documented deprecations of a route's methods, in their order; undefined when none of them is deprecated. */
export function documentedDeprecations (methods: readonly string[], schedule: Schedule, now: number): DocumentedDeprecations | undefined {
  let documented: DocumentedDeprecations | undefined
  for (const method of methods) {
    const deprecation = schedule.get(method)
    if (deprecation === undefined) continue
    const entry: DocumentedDeprecation = {}
    if (deprecation.since !== undefined) entry.since = deprecation.since
    if (deprecation.sunset !== undefined) entry.sunset = deprecation.sunset
    if (deprecation.use !== undefined) entry.use = deprecation.use
    if (deprecation.link !== undefined) entry.link = deprecation.link
    if (deprecation.retiresAt <= now) entry.retired = true
    documented ??= {}
    documented[method] = entry
  }
  return documented
}

/** The sentences the description gets, one per method, in CommonMark (Swagger UI and Scalar render it). */
export function describeDeprecations (documented: DocumentedDeprecations): string {
  return Object.entries(documented).map(([method, { since, sunset, use, link, retired }]) => {
    const state = retired === true
      ? `${method} is retired${sunset === undefined ? '' : ` since ${sunset}`} and answers 405`
      // A method not declared retired has a since (lib/declare/route-config.ts).
      : `${method} is deprecated since ${since as string}` + (sunset === undefined ? '' : ` and answers 405 from ${sunset} (its sunset)`)
    return `**${state}**` + (use === undefined ? '' : `; use ${use} instead`) + '.' + (link === undefined ? '' : ` See <${link}>.`)
  }).join('\n\n')
}

/** A description followed by the deprecations' sentences. */
export function withDeprecations (description: unknown, documented: DocumentedDeprecations): string {
  const sentences = describeDeprecations(documented)
  return typeof description === 'string' && description !== '' ? `${description}\n\n${sentences}` : sentences
}
