import { isRetired, type Schedule } from '../model/deprecation'
import { builtInConstraints, hasCustomConstraint } from '../router/constraints'
import type { MatchingOptions, RouteEntry } from '../router/fastify-edge'
import { isSimplePattern, OverlapIndex, pathShape, type Shape } from '../router/overlaps'
import { PrivateRouter, routerOfMethod } from '../router/private-router'

type RetiredTest = (path: string, constraints: Record<string, unknown> | undefined) => boolean

export interface Retirements {
  /** Per method that some route retires (at a sunset, or declared retired): whether the route serving a path has retired it by now. */
  retired: ReadonlyMap<string, RetiredTest>
  /** The finite sunsets, sorted: between two of them, whether a method is retired anywhere stays the same. */
  sunsets: readonly number[]
}

interface Store { retiresAt: number }

/** The routes of one method a retiring route may share a path with: those kept in a private router, and retiring routes alone on their paths. */
interface Kept { index: OverlapIndex<RouteEntry>, routed: Set<RouteEntry>, alone: Set<RouteEntry> }

/** The route of one method that serves a path, among those a retiring route can share a path with. */
type Serving = (path: string, constraints: Record<string, unknown>) => Store | undefined

/**
 * Which route serves a method for a path tells whether that method is
 * retired there, and Fastify's router says that a route matched, not which.
 * Only the routes that can be chosen where a retiring route matches matter:
 * the retiring routes and the routes that may share a path with them
 * (lib/router/overlaps.ts). Wherever a retiring route matches, those are all
 * the routes that match, so a private router of them picks the route
 * Fastify's picks; wherever none does, it picks a route that never retires,
 * or none. A retiring route that shares no path with another route of its
 * method, with no constraints and a simple pattern, is the route that serves
 * exactly the paths it matches: one walk of a tree of segments tells, and a
 * private router of those routes is built only for a path the walk cannot
 * read. A deprecation without a sunset never retires: it builds nothing.
 * Methods with the same routes and sunsets (a GET and the HEAD Fastify
 * exposes for it) share what is built. `scheduleOf` gives the schedule a
 * route's config declares (read once, lib/declare/registry.ts).
 */
export function createRetirements (routes: readonly RouteEntry[], options: MatchingOptions, scheduleOf: (config: unknown) => Schedule | undefined, now: () => number): Retirements {
  const retiresAt = (route: RouteEntry): number => scheduleOf(route.config)?.get(route.method)?.retiresAt ?? Infinity
  // A route with a custom constraint never serves the clients the plugin answers for (lib/router/private-router.ts).
  const retiring = routes.filter(route => retiresAt(route) !== Infinity && !hasCustomConstraint(route.constraints))
  const retired = new Map<string, RetiredTest>()
  if (retiring.length === 0) return { retired, sunsets: [] }

  // Only a route of its own method can be chosen over a retiring route: one index per method that retires.
  const byMethod = new Map<string, Kept>()
  const shapes = new Map<string, Shape>()
  for (const route of retiring) {
    if (!byMethod.has(route.method)) byMethod.set(route.method, { index: new OverlapIndex(options, shapes), routed: new Set(), alone: new Set() })
  }
  // A loop, not a closure: V8 keeps the variables closures of this function
  // capture for as long as any of them lives, and retiresAt lives in what is returned.
  const served: RouteEntry[] = []
  for (const route of routes) {
    const kept = byMethod.get(route.method)
    if (kept === undefined || hasCustomConstraint(route.constraints)) continue
    served.push(route)
    kept.index.add(route.pattern, route)
  }
  for (const route of retiring) {
    const kept = byMethod.get(route.method) as Kept
    const shares = kept.index.mayShare(route.pattern)
    if (shares.length === 1 && Object.keys(route.constraints).length === 0 && isSimplePattern(route.pattern, options)) {
      kept.alone.add(route)
    } else {
      for (const other of shares) kept.routed.add(other)
    }
  }

  const built = new Map<string, Serving>()
  for (const [method, { routed, alone }] of byMethod) {
    // In the order of Fastify's router, as routerOfMethod inserts them.
    const inRouter = served.filter(route => routed.has(route))
    const single = served.filter(route => alone.has(route))
    // A route alone has no constraints (above).
    const key = inRouter.map(route => `${route.pattern} ${JSON.stringify(builtInConstraints(route.constraints))} ${retiresAt(route)}`).join('\n') +
      '\n\n' + single.map(route => `${route.pattern} ${retiresAt(route)}`).join('\n')
    let serving = built.get(key)
    if (serving === undefined) built.set(key, serving = servingRoute(method, inRouter, single, options, retiresAt))
    retired.set(method, retiredTest(serving, now))
  }
  const sunsets = new Set(retiring.map(retiresAt).filter(Number.isFinite))
  return { retired, sunsets: [...sunsets].sort((a, b) => a - b) }
}

// Apart from the loop above: a closure made there would keep the routes its block holds.
function retiredTest (serving: Serving, now: () => number): RetiredTest {
  return function retiredHere (path, constraints) {
    const route = serving(path, constraints ?? {})
    return route !== undefined && isRetired(route, now())
  }
}

interface AloneStore extends Store { pattern: string }

function servingRoute (method: string, inRouter: RouteEntry[], single: RouteEntry[], options: MatchingOptions, retiresAt: (route: RouteEntry) => number): Serving {
  const router = inRouter.length === 0 ? undefined : routerOfMethod(method, inRouter, options, route => ({ retiresAt: retiresAt(route) }))
  if (single.length === 0) return (path, constraints) => router?.first(method, path, constraints)
  const alone = new OverlapIndex<AloneStore>(options)
  const stores = single.map(route => ({ retiresAt: retiresAt(route), pattern: route.pattern }))
  for (const store of stores) alone.add(store.pattern, store)
  // Built at the first path the walk cannot read, if one comes; such routes have no constraints.
  let unread: PrivateRouter<AloneStore> | undefined
  return function serving (path, constraints) {
    const route = router?.first(method, path, constraints)
    if (route !== undefined) return route
    const shape = pathShape(path, options)
    if (shape !== undefined) return alone.matching(shape)[0]
    if (unread === undefined) {
      unread = new PrivateRouter<AloneStore>(options)
      for (const store of stores) unread.insert(method, store.pattern, {}, store)
    }
    return unread.first(method, path, constraints)
  }
}
