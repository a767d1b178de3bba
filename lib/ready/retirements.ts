import { isRetired, type Schedule } from '../model/deprecation'
import type { MatchingOptions, RouteEntry } from '../router/fastify-edge'
import { routerOfMethod } from '../router/private-router'

export interface Retirements {
  /** Per method that some route deprecates: whether the route serving a path has retired it by now. */
  retired: ReadonlyMap<string, (path: string, constraints: Record<string, unknown> | undefined) => boolean>
}

/**
 * Which route serves a method for a path tells whether that method is
 * retired there, so each deprecated method gets a private router of all its
 * routes, with their Host and Accept-Version constraints, remembering when
 * each retires. Apps without deprecations build nothing. `scheduleOf` gives
 * the schedule a route's config declares (read once, lib/declare/registry.ts).
 */
export function createRetirements (routes: readonly RouteEntry[], options: MatchingOptions, scheduleOf: (config: unknown) => Schedule | undefined, now: () => number): Retirements {
  const deprecated = new Set<string>()
  for (const route of routes) {
    if (scheduleOf(route.config)?.get(route.method) !== undefined) deprecated.add(route.method)
  }
  const retired = new Map<string, (path: string, constraints: Record<string, unknown> | undefined) => boolean>()
  for (const method of deprecated) {
    const router = routerOfMethod(method, routes, options, route => ({ retiresAt: scheduleOf(route.config)?.get(method)?.retiresAt ?? Infinity }))
    retired.set(method, function retiredHere (path, constraints) {
      const route = router.first(method, path, constraints ?? {})
      // Asked only where Fastify's router matched this method, so a route is here.
      /* c8 ignore next */
      if (route === undefined) return false
      return isRetired(route, now())
    })
  }
  return { retired }
}
