import { Answer, listed } from '../model/allow'
import { candidateList, type Candidate } from '../model/candidates'
import type { Schedule } from '../model/deprecation'
import type { RouteTable } from '../model/table'
import { createConstraints } from '../router/constraints'
import type { MatchingOptions, RouteEntry, RouteLookup } from '../router/fastify-edge'
import { createAcceptBody } from './accept-body'
import { createHiddenTest } from './hidden-routes'
import { createPathCandidates } from './path-candidates'
import { createRetirements } from './retirements'

/**
 * Built from every route of Fastify's router (fastify-edge readRoutes), so
 * routes declared before the plugin count as fully as the others.
 */
export interface TableSettings {
  options: MatchingOptions
  /** Reads the routes of these methods from Fastify's router again (fastify-edge readRoutes). */
  read: (methods: readonly string[]) => RouteEntry[]
  lookup: RouteLookup
  /** The deprecations a route's config declares, read once (lib/declare/registry.ts). */
  scheduleOf: (config: unknown) => Schedule | undefined
  autoOptions: boolean
  catchAllIsResource: boolean
  notImplemented: boolean
  /** The plugin's clock (Date.now unless injected). */
  now: () => number
}

export function buildRouteTable (supportedMethods: readonly string[], routes: readonly RouteEntry[], settings: TableSettings): RouteTable {
  const { options, read, lookup, scheduleOf, autoOptions, catchAllIsResource, notImplemented, now } = settings
  const sorted = [...supportedMethods].sort()
  // RFC 9110 §9.3.7: `OPTIONS *` describes the server; hidden routes are not
  // part of what it admits to.
  const visible = new Set<string>()
  const routed = new Set<string>()
  for (const route of routes) {
    routed.add(route.method)
    if (route.config !== false) visible.add(route.method)
  }
  const { retired, sunsets } = createRetirements(routes, options, scheduleOf, now)
  // A method no route serves is never routed for any URL: not worth a lookup.
  const candidates: Candidate[] = sorted
    .filter(method => listed(method, routed.has(method), autoOptions))
    .map(method => ({ method, ask: routed.has(method), retired: retired.get(method) }))
  return {
    supported: new Set(sorted),
    candidates: candidateList(candidates),
    sunsets,
    isHidden: createHiddenTest(routes, options),
    constraints: createConstraints(routes, lookup),
    acceptBody: createAcceptBody(read, options),
    candidatesFor: createPathCandidates(routes, candidates, options, { autoOptions, catchAllIsResource }),
    rules: {
      autoOptions,
      notImplemented,
      asterisk: new Answer(sorted.filter(method => listed(method, visible.has(method), autoOptions)))
    }
  }
}
