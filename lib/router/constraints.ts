import type { FastifyRequest } from 'fastify'
import type { Constraints } from '../model/table'
import type { RouteEntry, RouteLookup } from './fastify-edge'

type ConstraintValues = Record<string, unknown>

// The strategies find-my-way ships; any other runs the app's code, which only
// Fastify's router can call (lib/router/private-router.ts stands in for it).
const builtIn: ReadonlySet<string> = new Set(['version', 'host'])

/** A route's constraints in a stable key order (clients are told apart by their JSON), those `keep` picks. */
export function sortedConstraints (constraints: Record<string, unknown>, keep: (key: string) => boolean = () => true): Record<string, unknown> {
  const kept: Record<string, unknown> = {}
  for (const key of Object.keys(constraints).sort()) if (keep(key)) kept[key] = constraints[key]
  return kept
}

/** The constraints of a route that a private router can evaluate without stand-ins. */
export function builtInConstraints (constraints: Record<string, unknown>): Record<string, unknown> {
  return sortedConstraints(constraints, key => builtIn.has(key))
}

/** The custom constraint strategies a route uses, whose values only Fastify's router derives. */
export function customConstraints (constraints: Record<string, unknown>): string[] {
  return Object.keys(constraints).filter(key => !builtIn.has(key))
}

export function hasCustomConstraint (constraints: Record<string, unknown>): boolean {
  return customConstraints(constraints).length > 0
}

/**
 * Values for the constraints Fastify's built-in strategies derive from
 * headers (find-my-way lib/strategies): Host (`:authority` over HTTP/2) and
 * Accept-Version, which route.js hides from its not-found router and puts back
 * before hooks run.
 */
export function constraintValues (request: FastifyRequest, host: boolean, version: boolean): ConstraintValues {
  const values: ConstraintValues = {}
  if (host) values.host = request.headers.host ?? request.headers[':authority']
  if (version) values.version = request.headers['accept-version']
  return values
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
export function createConstraints (routes: readonly RouteEntry[], lookup: RouteLookup): Constraints {
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

    routedElsewhere (method, path) {
      // A request that sends Accept-Version never matches an unversioned route
      // (find-my-way: the version strategy must match once derived), so the
      // method may be routed here for clients that send no version
      // (test/fastify/constraints.test.ts).
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
