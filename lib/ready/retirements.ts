import { isRetired, type Schedule } from '../model/deprecation'
import { builtInConstraints, hasCustomConstraint } from '../router/constraints'
import type { MatchingOptions, RouteEntry } from '../router/fastify-edge'
import { OverlapIndex } from '../router/overlaps'
import { routerOfMethod, type PrivateRouter } from '../router/private-router'

type RetiredTest = (path: string, constraints: Record<string, unknown> | undefined) => boolean

export interface Retirements {
  /** Per method that some route retires (at a sunset, or declared retired): whether the route serving a path has retired it by now. */
  retired: ReadonlyMap<string, RetiredTest>
  /** The finite sunsets, sorted: between two of them, whether a method is retired anywhere stays the same. */
  sunsets: readonly number[]
}

interface Store { retiresAt: number }

/**
 * Which route serves a method for a path tells whether that method is
 * retired there, and Fastify's router says that a route matched, not which.
 * So each method that some route retires gets a private router, with Host
 * and Accept-Version constraints, of the routes that can be chosen where a
 * retiring route matches: the retiring routes and the routes that may share
 * a path with them (lib/router/overlaps.ts). Wherever a retiring route
 * matches, those are all the routes that match, so the private router picks
 * the route Fastify's picks; wherever none does, it picks a route that never
 * retires, or none. A deprecation without a sunset never retires: it builds
 * nothing. Methods whose routers would hold the same routes with the same
 * sunsets (a GET and the HEAD Fastify exposes for it) share one.
 * `scheduleOf` gives the schedule a route's config declares (read once,
 * lib/declare/registry.ts).
 */
export function createRetirements (routes: readonly RouteEntry[], options: MatchingOptions, scheduleOf: (config: unknown) => Schedule | undefined, now: () => number): Retirements {
  const retiresAt = (route: RouteEntry): number => scheduleOf(route.config)?.get(route.method)?.retiresAt ?? Infinity
  // A route with a custom constraint never serves the clients the plugin answers for (lib/router/private-router.ts).
  const served = routes.filter(route => !hasCustomConstraint(route.constraints))
  const retiring = served.filter(route => retiresAt(route) !== Infinity)
  const retired = new Map<string, RetiredTest>()
  if (retiring.length === 0) return { retired, sunsets: [] }

  const index = new OverlapIndex<RouteEntry>(options)
  for (const route of served) index.add(route.pattern, route)
  const kept = new Map<string, Set<RouteEntry>>()
  for (const route of retiring) {
    let set = kept.get(route.method)
    if (set === undefined) kept.set(route.method, set = new Set())
    for (const other of index.mayShare(route.pattern)) if (other.method === route.method) set.add(other)
  }

  // A shared router holds its routes under the method it was built for.
  const routers = new Map<string, { method: string, router: PrivateRouter<Store> }>()
  for (const [method, set] of kept) {
    // In the order of Fastify's router, as routerOfMethod inserts them.
    const chosen = served.filter(route => set.has(route))
    const key = chosen.map(route => `${route.pattern} ${JSON.stringify(builtInConstraints(route.constraints))} ${retiresAt(route)}`).join('\n')
    let shared = routers.get(key)
    if (shared === undefined) routers.set(key, shared = { method, router: routerOfMethod(method, chosen, options, route => ({ retiresAt: retiresAt(route) })) })
    const { method: stored, router } = shared
    retired.set(method, function retiredHere (path, constraints) {
      const route = router.first(stored, path, constraints ?? {})
      return route !== undefined && isRetired(route, now())
    })
  }
  const sunsets = new Set(retiring.map(retiresAt).filter(Number.isFinite))
  return { retired, sunsets: [...sunsets].sort((a, b) => a - b) }
}
