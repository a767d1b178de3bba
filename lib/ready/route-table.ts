import { createAcceptBody, type AcceptBody } from './accept-body'
import { formatAllow, listed } from '../model/allow'
import { candidateList, type Candidate, type CandidateList } from '../request/matcher'
import { createRetirements } from './retirements'
import { createConstraints, type Constraints } from '../router/constraints'
import type { MatchingOptions, RouteEntry } from '../router/fastify-edge'
import { createHiddenTest, type HiddenTest } from './hidden-routes'
import { createPathCandidates, type PathCandidates } from './path-candidates'

/** What the plugin knows of Fastify's routes once they are final. */
export interface RouteTable {
  /** fastify.supportedMethods. */
  supported: ReadonlySet<string>
  /** The methods an Allow list may hold, sorted: the order of every Allow list. */
  candidates: CandidateList
  isHidden: HiddenTest
  constraints: Constraints
  /** Some route deprecates a method: answers depend on the time, so none is remembered. */
  timeDependent: boolean
  /** Sets Accept-Patch and Accept-Post on an automatic OPTIONS answer. */
  acceptBody: AcceptBody
  /** The candidates worth asking about for a path; undefined where no route can make it a resource (the scanners' 404 in one lookup). */
  candidatesFor: PathCandidates
  /** The Allow value of `OPTIONS *`: methods that some visible route serves. */
  asteriskAllow: string
}

/**
 * Built from every route of Fastify's router (fastify-edge readRoutes), so
 * routes declared before the plugin count as fully as the others.
 */
export interface TableSettings {
  options: MatchingOptions
  /** Reads the routes of these methods from Fastify's router again (fastify-edge readRoutes). */
  read: (methods: readonly string[]) => RouteEntry[]
  autoOptions: boolean
  catchAllIsResource: boolean
  /** The plugin's clock (Date.now unless injected). */
  now: () => number
}

export function buildRouteTable (supportedMethods: readonly string[], routes: readonly RouteEntry[], { options, read, autoOptions, catchAllIsResource, now }: TableSettings): RouteTable {
  const sorted = [...supportedMethods].sort()
  // RFC 9110 §9.3.7: `OPTIONS *` describes the server; hidden routes are not
  // part of what it admits to.
  const visible = new Set<string>()
  const routed = new Set<string>()
  for (const route of routes) {
    routed.add(route.method)
    if (route.config !== false) visible.add(route.method)
  }
  const { retired } = createRetirements(routes, options, now)
  // A method no route serves is never routed for any URL: not worth a lookup.
  const candidates: Candidate[] = sorted
    .filter(method => listed(method, routed.has(method), autoOptions))
    .map(method => ({ method, ask: routed.has(method), retired: retired.get(method) }))
  return {
    supported: new Set(sorted),
    candidates: candidateList(candidates),
    timeDependent: retired.size > 0,
    isHidden: createHiddenTest(routes, options),
    constraints: createConstraints(routes),
    acceptBody: createAcceptBody(read, options),
    candidatesFor: createPathCandidates(routes, candidates, options, { autoOptions, catchAllIsResource }),
    asteriskAllow: formatAllow(sorted.filter(method => listed(method, visible.has(method), autoOptions)))
  }
}
