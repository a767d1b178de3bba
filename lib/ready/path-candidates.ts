import { listed } from '../model/allow'
import { candidateList, makesResource, type Candidate, type CandidateList } from '../model/candidates'
import type { PathCandidates } from '../model/table'
import type { MatchingOptions, RouteEntry } from '../router/fastify-edge'
import { firstSegment, isPlainSegment, isRootCatchAllPattern } from '../router/paths'
import { shareLookups } from '../router/shared-lookups'

interface Segment {
  /** The routes that can match under this first segment, by method, in the router's order. */
  routes: Map<string, RouteEntry[]>
  /** Some route here other than an OPTIONS route can make a URL a resource (lib/model/candidates.ts). */
  resource: boolean
}

/**
 * Scanners send a new URL on almost every request, and the matcher asks
 * Fastify's router once per candidate method. Routes are grouped by their
 * first path segment: a path whose first segment no route has matches nothing
 * (one Map lookup, the scanners' 404), and one that some routes have is
 * resolved by asking about their methods alone, once per distinct set of
 * routes (lib/router/shared-lookups.ts). A route matches no path outside its first
 * segment (find-my-way compares a static segment character by character), so
 * the grouping only ever leaves out routes the router would not match;
 * wherever a path needs what the router alone does (decoding, duplicate
 * slashes, absolute-form targets) every candidate is asked.
 *
 * OPTIONS routes and root catch-alls never make a URL a resource
 * (lib/model/candidates.ts), unless catchAllIsResource, but they are routed all the
 * same: their methods are asked about wherever they match.
 */
export function createPathCandidates (routes: readonly RouteEntry[], candidates: readonly Candidate[], options: MatchingOptions, settings: ListSettings): PathCandidates {
  // Built apart: the closure below keeps the lists, not the routes they were built from.
  const { bySegment, elsewhere, anywhere } = candidateLists(routes, candidates, options, settings)

  return function pathCandidates (path) {
    const first = firstSegment(path, options)
    if (first === undefined || first.includes('%')) return anywhere
    return bySegment.get(first) ?? elsewhere
  }
}

interface ListSettings {
  autoOptions: boolean
  catchAllIsResource: boolean
}

interface Lists {
  bySegment: Map<string, CandidateList>
  /** For a first segment no plain route has. */
  elsewhere: CandidateList | undefined
  /** For a path whose first segment only the router can tell. */
  anywhere: CandidateList
}

function candidateLists (routes: readonly RouteEntry[], candidates: readonly Candidate[], options: MatchingOptions, { autoOptions, catchAllIsResource }: ListSettings): Lists {
  const segment = (): Segment => ({ routes: new Map(), resource: false })
  // Routes that may match under any first segment.
  const everywhere = segment()
  const segments = new Map<string, Segment>()
  const all = segment()
  for (const route of routes) {
    const { method, pattern } = route
    const catchAll = isRootCatchAllPattern(pattern)
    const first = catchAll ? undefined : firstSegment(pattern, options)
    let group = everywhere
    // A root catch-all, or a first segment that is not plain text, needs the router.
    if (first !== undefined && isPlainSegment(first)) {
      group = segments.get(first) ?? segment()
      segments.set(first, group)
    }
    for (const { routes } of [group, all]) {
      const list = routes.get(method)
      if (list === undefined) routes.set(method, [route])
      else list.push(route)
    }
    if (makesResource(method, catchAll, catchAllIsResource)) group.resource = true
  }
  // Few distinct lists occur: they are shared.
  const lists = new Map<string, CandidateList>()
  function intern (methods: readonly Candidate[]): CandidateList {
    const key = methods.map(({ method, ask, same }) => `${method}:${String(ask)}:${same ?? ''}`).join(' ')
    let list = lists.get(key)
    if (list === undefined) lists.set(key, list = candidateList(methods))
    return list
  }

  function candidatesFor ({ routes: here, resource }: Segment): CandidateList | undefined {
    if (!resource && !everywhere.resource) return undefined
    const routed = (method: string): boolean => here.has(method) || everywhere.routes.has(method)
    // A method no route here serves is not asked about; OPTIONS stays listed when automatic.
    const asked = candidates.flatMap(candidate => routed(candidate.method)
      ? [candidate]
      : listed(candidate.method, false, autoOptions) ? [{ method: candidate.method, ask: false }] : [])
    return intern(shareLookups(asked, method => [here.get(method), everywhere.routes.get(method)]))
  }

  const bySegment = new Map<string, CandidateList>()
  for (const [first, group] of segments) {
    const list = candidatesFor(group)
    if (list !== undefined) bySegment.set(first, list)
  }
  return {
    bySegment,
    elsewhere: candidatesFor(everywhere),
    anywhere: candidateList(shareLookups(candidates, method => [all.routes.get(method)]))
  }
}
