import type { Answer } from './allow'

/**
 * The methods an Allow list may hold, in Allow order: built once per route
 * table (lib/ready/), read on every lookup (lib/request/matcher.ts).
 */

/**
 * Whether a route of `method` makes the URLs it matches a resource (one that
 * answers 405 and automatic OPTIONS): an OPTIONS route does not (it answers
 * for every method, RFC 9110 §9.3.7), nor does a root catch-all, unless the
 * app counts them (catchAllIsResource): they match every URL, typos included.
 */
export function makesResource (method: string, rootCatchAll: boolean, catchAllIsResource: boolean): boolean {
  return method !== 'OPTIONS' && (catchAllIsResource || !rootCatchAll)
}

/** A method the Allow list may hold, in Allow order, and whether the router must be asked about it. */
export interface Candidate {
  method: string
  /** False for OPTIONS when no route serves it: it is listed all the same when automatic. */
  ask: boolean
  /** Whether the route that serves this method for a path has retired it (lib/model/deprecation.ts); only for methods some route deprecates. */
  retired?: (path: string, constraints: Record<string, unknown> | undefined) => boolean
  /** The index of an earlier candidate of the same list routed by the very same routes (lib/router/shared-lookups.ts): its lookup answers for this one. */
  same?: number
}

/** The candidates of a route table or of a path's first segment (lib/ready/path-candidates.ts). */
export interface CandidateList {
  readonly methods: readonly Candidate[]
  /**
   * The answers given with this list so far, by the bit mask of the candidates
   * listed: the URLs with one Allow list share its Answer, formatted once.
   * Undefined for lists of over 31 candidates.
   */
  readonly answers: Map<number, Answer> | undefined
}

// Enough for every Allow list the routes of a table can make, in practice; past it, answers are built afresh.
export const answersKept = 64

export function candidateList (methods: readonly Candidate[]): CandidateList {
  return { methods, answers: methods.length <= 31 ? new Map() : undefined }
}
