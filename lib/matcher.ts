import { listed } from './allow'
import type { Params, RouteLookup } from './fastify-edge'

/** Whether a match with these params came from a root catch-all (`/*`, `*`). */
export type RootCatchAllTest = (params: Params, path: string) => boolean

export interface Resolution {
  /** The sorted Allow list: every method routed for the URL, plus OPTIONS when automatic. */
  allow: string[]
  /** Some route other than an OPTIONS route or a root catch-all matches the URL. */
  resource: boolean
  /** An OPTIONS route other than a root catch-all matches the URL. */
  ownOptions: boolean
  /** The request's own method is routed for the URL (a handler called callNotFound). */
  selfMatched: boolean
}

export interface MatcherSettings {
  lookup: RouteLookup
  isRootCatchAll: RootCatchAllTest
  autoOptions: boolean
  catchAllIsResource: boolean
}

/** A method the Allow list may hold, in Allow order, and whether the router must be asked about it. */
export interface Candidate {
  method: string
  /** False for OPTIONS when no route serves it: it is listed all the same when automatic. */
  ask: boolean
  /** Whether the route that serves this method for a path has retired it (lib/deprecation.ts); only for methods some route deprecates. */
  retired?: (path: string, constraints: Record<string, unknown> | undefined) => boolean
  /** The index of an earlier candidate of the same list routed by the very same routes (lib/shared-lookups.ts): its lookup answers for this one. */
  same?: number
}

/** Resolves a path, without its query string (see pathOf). */
export type Matcher = (candidates: readonly Candidate[], path: string, method: string, constraints?: Record<string, unknown>) => Resolution

/** The path of a request target: the query string never changes the match, and the router need not parse it. */
export function pathOf (url: string): string {
  const query = url.indexOf('?')
  return query === -1 ? url : url.slice(0, query)
}

/**
 * Asks the router once per candidate, fewer where methods share their routes
 * (`same`), so the cost grows with the number of methods in use and never
 * with the number of routes.
 * `candidates` must be sorted: the Allow list comes out sorted without a sort
 * per request.
 */
export function createMatcher ({ lookup, isRootCatchAll, autoOptions, catchAllIsResource }: MatcherSettings): Matcher {
  return function resolve (candidates, path, method, constraints) {
    const allow: string[] = []
    let resource = false
    let ownOptions = false
    let selfMatched = false

    // What the router answered for each candidate, before retirement.
    const found: Array<Params | null> = []
    for (const { method: candidate, ask, retired, same } of candidates) {
      let params = same === undefined ? (ask ? lookup(candidate, path, constraints) : null) : found[same]
      found.push(params)
      // A retired method is no longer routed, as far as any answer tells.
      if (params !== null && retired !== undefined && retired(path, constraints)) params = null
      if (listed(candidate, params !== null, autoOptions)) allow.push(candidate)
      if (params === null) continue
      if (candidate === method) selfMatched = true
      const specific = catchAllIsResource || !isRootCatchAll(params, path)
      if (candidate === 'OPTIONS') {
        ownOptions ||= specific
      } else {
        resource ||= specific
      }
    }
    return { allow, resource, ownOptions, selfMatched }
  }
}
