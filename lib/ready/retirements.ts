import type { MatchingOptions, RouteEntry } from '../router/fastify-edge'
import { readSchedule, type DeprecationConfig, type Schedule } from '../model/deprecation'
import { builtInConstraints, hasCustomConstraint, PrivateRouter } from '../router/private-router'

interface Store { retiresAt: number }

export interface Retirements {
  /** Per method that some route deprecates: whether the route serving a path has retired it by now. */
  retired: ReadonlyMap<string, (path: string, constraints: Record<string, unknown> | undefined) => boolean>
}

/** The deprecations a route declares, read from its config. */
export function scheduleOf (config: unknown): Schedule | undefined {
  const deprecated = (config as { deprecated?: Record<string, DeprecationConfig> } | undefined)?.deprecated
  return typeof config === 'object' && config !== null && deprecated !== undefined ? readSchedule(deprecated) : undefined
}

/**
 * Which route serves a method for a path tells whether that method is
 * retired there, so each deprecated method gets a private router of all its
 * routes, with their Host and Accept-Version constraints, remembering when
 * each retires. Apps without deprecations build nothing.
 */
export function createRetirements (routes: readonly RouteEntry[], options: MatchingOptions, now: () => number): Retirements {
  const routers = new Map<string, PrivateRouter<Store>>()
  const schedules = routes.map(route => scheduleOf(route.config))
  routes.forEach((route, index) => {
    const deprecation = schedules[index]?.get(route.method)
    if (deprecation !== undefined && !routers.has(route.method)) routers.set(route.method, new PrivateRouter<Store>(options))
  })
  routes.forEach((route, index) => {
    const router = routers.get(route.method)
    // A route with a custom constraint never serves the clients the plugin
    // answers for (lib/constraints.ts): its own hook retires it.
    if (router === undefined || hasCustomConstraint(route.constraints)) return
    const retiresAt = schedules[index]?.get(route.method)?.retiresAt ?? Infinity
    router.insert(route.method, route.pattern, builtInConstraints(route.constraints), { retiresAt })
  })
  const retired = new Map<string, (path: string, constraints: Record<string, unknown> | undefined) => boolean>()
  for (const [method, router] of routers) {
    retired.set(method, function retiredHere (path, constraints) {
      const route = router.first(method, path, constraints ?? {})
      // Asked only where Fastify's router matched this method, so a route is here.
      /* c8 ignore next */
      if (route === undefined) return false
      return route.retiresAt <= now()
    })
  }
  return { retired }
}
