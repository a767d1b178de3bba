import { listed } from './allow'
import type { MatchingOptions, RouteEntry } from './fastify-edge'
import type { Candidate } from './matcher'

/**
 * The candidates worth asking the router about for a path: only methods with a
 * route that can match it. Undefined where no route that can make a URL a
 * resource matches the path, for any method or constraint value.
 */
export type PathCandidates = (path: string) => readonly Candidate[] | undefined

// A root catch-all (`/*`, `*`) or a pattern whose first segment is not plain
// text (a param, a wildcard, an escaped colon, a percent sign): these need the router.
const rootCatchAll = /^\/?\*$/
const plain = /^[^:*%]*$/

interface Segment {
  methods: Set<string>
  /** Some route here other than an OPTIONS route can make a URL a resource (lib/matcher.ts). */
  resource: boolean
}

/**
 * Scanners send a new URL on almost every request, and the matcher asks
 * Fastify's router once per candidate method. Routes are grouped by their
 * first path segment: a path whose first segment no route has matches nothing
 * (one Map lookup, the scanners' 404), and one that some routes have is
 * resolved by asking about their methods alone. A route matches no path
 * outside its first segment (find-my-way compares a static segment character
 * by character), so the grouping only ever leaves out methods the router would
 * not match; wherever a path needs what the router alone does (decoding,
 * duplicate slashes, absolute-form targets) every candidate is asked.
 *
 * OPTIONS routes and root catch-alls never make a URL a resource
 * (lib/matcher.ts), unless catchAllIsResource, but they are routed all the
 * same: their methods are asked about wherever they match.
 */
export function createPathCandidates (routes: readonly RouteEntry[], candidates: readonly Candidate[], options: MatchingOptions, { autoOptions, catchAllIsResource }: { autoOptions: boolean, catchAllIsResource: boolean }): PathCandidates {
  // Routes that may match under any first segment.
  const everywhere: Segment = { methods: new Set(), resource: false }
  const segments = new Map<string, Segment>()
  for (const { method, pattern } of routes) {
    const catchAll = rootCatchAll.test(pattern)
    const first = catchAll ? undefined : firstSegment(pattern, options)
    let segment = everywhere
    if (first !== undefined && plain.test(first)) {
      segment = segments.get(first) ?? { methods: new Set(), resource: false }
      segments.set(first, segment)
    }
    segment.methods.add(method)
    if (method !== 'OPTIONS' && (!catchAll || catchAllIsResource)) segment.resource = true
  }

  // Few distinct method sets occur: their candidate lists are shared.
  const lists = new Map<string, readonly Candidate[]>()
  function candidatesFor ({ methods, resource }: Segment): readonly Candidate[] | undefined {
    if (!resource && !everywhere.resource) return undefined
    const routed = (method: string): boolean => methods.has(method) || everywhere.methods.has(method)
    const key = candidates.filter(({ method }) => routed(method)).map(({ method }) => method).join(' ')
    let list = lists.get(key)
    if (list === undefined) {
      // A method no route here serves is not asked about; OPTIONS stays listed when automatic.
      list = candidates.flatMap(candidate => routed(candidate.method)
        ? [candidate]
        : listed(candidate.method, false, autoOptions) ? [{ method: candidate.method, ask: false }] : [])
      lists.set(key, list)
    }
    return list
  }

  const bySegment = new Map<string, readonly Candidate[]>()
  for (const [first, segment] of segments) {
    const list = candidatesFor(segment)
    if (list !== undefined) bySegment.set(first, list)
  }
  const elsewhere = candidatesFor(everywhere)

  return function pathCandidates (path) {
    const first = firstSegment(path, options)
    if (first === undefined || first.includes('%')) return candidates
    return bySegment.get(first) ?? elsewhere
  }
}

/** The first segment of a path as the router compares it, or undefined where only the router can tell. */
function firstSegment (path: string, options: MatchingOptions): string | undefined {
  if (path.charCodeAt(0) !== 47 || path.charCodeAt(1) === 47) return undefined
  let end = 1
  for (; end < path.length; end++) {
    const code = path.charCodeAt(end)
    // find-my-way ends the path at `?` and `#`, and at `;` with useSemicolonDelimiter (lib/url-sanitizer.js).
    if (code === 47 || code === 63 || code === 35 || (code === 59 && options.useSemicolonDelimiter)) break
  }
  const first = path.slice(1, end)
  return options.caseSensitive ? first : first.toLowerCase()
}
