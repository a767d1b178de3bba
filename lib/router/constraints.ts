import type { FastifyRequest } from 'fastify'
import { constraintValues, type RouteEntry, type RouteLookup } from './fastify-edge'

type ConstraintValues = Record<string, unknown>

export interface Constraints {
  /** This request's values for the constraints routes use; undefined while no route uses any. */
  derive (request: FastifyRequest): ConstraintValues | undefined
  /** Whether `method` is routed for `path` under constraint values other than the request's. */
  routedElsewhere (method: string, path: string, lookup: RouteLookup): boolean
}

export const noConstraints: Constraints = {
  derive: () => undefined,
  routedElsewhere: () => false
}

/**
 * Version- and host-constrained routes, read from the route table. Apps
 * without them pay nothing: derive() answers undefined and the router matches
 * as usual. Custom strategies derive their values in code we cannot call;
 * their routes count only where they match unconstrained.
 */
export function createConstraints (routes: readonly RouteEntry[]): Constraints {
  const byMethod = new Map<string, Map<string, ConstraintValues>>()
  let host = false
  let version = false
  for (const route of routes) {
    const keys = Object.keys(route.constraints).sort()
    if (keys.length === 0) continue
    host ||= keys.includes('host')
    version ||= keys.includes('version')
    let known = byMethod.get(route.method)
    if (known === undefined) byMethod.set(route.method, known = new Map())
    known.set(keys.map(key => `${key}=${String(route.constraints[key])}`).join('&'), route.constraints)
  }
  if (byMethod.size === 0) return noConstraints

  return {
    derive (request) {
      return host || version ? constraintValues(request, host, version) : undefined
    },

    routedElsewhere (method, path, lookup) {
      // A request that sends Accept-Version never matches an unversioned route
      // (find-my-way: the version strategy must match once derived), so the
      // method may be routed here for clients that send no version
      // (test/regressions-fuzz.test.ts).
      if (lookup(method, path) !== null) return true
      const known = byMethod.get(method)
      if (known === undefined) return false
      for (const values of known.values()) {
        if (lookup(method, path, values) !== null) return true
      }
      return false
    }
  }
}
