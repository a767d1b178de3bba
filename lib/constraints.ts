import type { FastifyRequest } from 'fastify'
import type { RouteLookup } from './matcher'

type ConstraintValues = Record<string, unknown>

export interface Constraints {
  record (methods: readonly string[], values: ConstraintValues): void
  /** This request's values for the constraints routes use; undefined while no route uses any. */
  derive (request: FastifyRequest): ConstraintValues | undefined
  /** Whether `method` is routed for `path` under constraint values other than the request's. */
  routedElsewhere (method: string, path: string, lookup: RouteLookup): boolean
}

/**
 * Version- and host-constrained routes, learnt in onRoute. Apps without them
 * pay nothing: derive() answers undefined and the router matches as usual.
 */
export function createConstraints (): Constraints {
  const inUse = new Set<string>()
  const byMethod = new Map<string, Map<string, ConstraintValues>>()

  return {
    record (methods, values) {
      const keys = Object.keys(values)
      if (keys.length === 0) return
      for (const key of keys) inUse.add(key)
      const id = keys.sort().map(key => `${key}=${String(values[key])}`).join('&')
      for (const method of methods) {
        let known = byMethod.get(method)
        if (known === undefined) byMethod.set(method, known = new Map())
        known.set(id, values)
      }
    },

    derive (request) {
      if (inUse.size === 0) return undefined
      const derived: ConstraintValues = {}
      // Custom strategies derive their values in code we cannot call; their
      // routes count only where they match unconstrained.
      if (inUse.has('host')) derived.host = request.headers.host ?? request.headers[':authority']
      // Fastify hides Accept-Version from its not-found router and puts it back before hooks run.
      if (inUse.has('version')) derived.version = request.headers['accept-version']
      return derived
    },

    routedElsewhere (method, path, lookup) {
      if (inUse.size === 0) return false
      // A request that sends Accept-Version never matches an unversioned route
      // (find-my-way: the version strategy must match once derived), so the
      // method may be routed here for clients that send no version (fuzzing found this).
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
