import FindMyWay from 'find-my-way'
import type { MatchingOptions } from './fastify-edge'

type Router = FindMyWay.Instance<FindMyWay.HTTPVersion.V1>
type Method = FindMyWay.HTTPMethod

// find-my-way wants a handler, but these routers are only ever asked find().
/* c8 ignore next */
function noop (): void {}

/**
 * A find-my-way router that matches as Fastify's router does (same matching
 * options), for patterns Fastify's router already accepted. Routes it takes
 * for duplicates of routes already here (`/:a(^\d+$)` and `/:b(^[a-z]+$)` are
 * one pattern to find-my-way, though findRoute() tells them apart) go into a
 * further layer, so that every pattern is matched somewhere.
 */
export class PrivateRouter<Store extends object> {
  private readonly layers: Router[] = []

  constructor (private readonly options: MatchingOptions) {}

  /** The store of a route with this very pattern and constraints, if one is here. */
  existing (method: string, pattern: string, constraints: Record<string, unknown>): Store | undefined {
    for (const layer of this.layers) {
      const found = layer.findRoute(method as Method, pattern, constraints)
      if (found !== null) return found.store as Store
    }
    return undefined
  }

  insert (method: string, pattern: string, constraints: Record<string, unknown>, store: Store): void {
    for (const layer of this.layers) {
      try {
        layer.on(method as Method, pattern, { constraints }, noop, store)
        return
      } catch {
        // Taken in this layer: the next one.
      }
    }
    // Fastify's router accepted the pattern with these options, so a new layer does too.
    const layer: Router = FindMyWay({ ...this.options, allowUnsafeRegex: true } as FindMyWay.Config<FindMyWay.HTTPVersion.V1>)
    layer.on(method as Method, pattern, { constraints }, noop, store)
    this.layers.push(layer)
  }

  /** Whether the route some layer picks for `path` passes `test`. */
  some (method: string, path: string, constraints: Record<string, unknown>, test: (store: Store) => boolean): boolean {
    for (const layer of this.layers) {
      const match = layer.find(method as Method, path, constraints)
      if (match !== null && test(match.store as Store)) return true
    }
    return false
  }

  /** The store of the route that the first layer with a match picks for `path`. */
  first (method: string, path: string, constraints: Record<string, unknown>): Store | undefined {
    for (const layer of this.layers) {
      const match = layer.find(method as Method, path, constraints)
      if (match !== null) return match.store as Store
    }
    return undefined
  }
}
