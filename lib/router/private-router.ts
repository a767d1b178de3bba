import FindMyWay from 'find-my-way'
import type { MatchingOptions } from './fastify-edge'

type Router = FindMyWay.Instance<FindMyWay.HTTPVersion.V1>
type Method = FindMyWay.HTTPMethod

// find-my-way wants a handler, but these routers are only ever asked find().
/* c8 ignore next */
function noop (): void {}

// The strategies find-my-way ships; any other runs the app's code, which only
// Fastify's router can call (declaredValues below stands in for it).
const builtIn = new Set(['version', 'host'])

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
 * A stand-in for an app's custom constraint strategy, whose code only Fastify's
 * router runs: a route serves the clients that send the value it declares.
 * Values are given to find(), never derived; find-my-way's default
 * mustMatchWhenDerived (false) lets an unconstrained route serve them too.
 */
function declaredValues (name: string): FindMyWay.ConstraintStrategy<FindMyWay.HTTPVersion.V1, unknown> {
  return {
    name,
    storage () {
      const stores = new Map<unknown, unknown>()
      return {
        get: (value: unknown) => stores.get(value) ?? null,
        set: (value: unknown, store: unknown) => { stores.set(value, store) }
      }
    },
    /* c8 ignore next */
    deriveConstraint: () => undefined,
    mustMatchWhenDerived: false
  } as unknown as FindMyWay.ConstraintStrategy<FindMyWay.HTTPVersion.V1, unknown>
}

/**
 * A find-my-way router that matches as Fastify's router does (same matching
 * options), for patterns Fastify's router already accepted. The custom
 * constraints named to the constructor match the values routes declare. Routes
 * it takes for duplicates of routes already here (`/:a(^\d+$)` and
 * `/:b(^[a-z]+$)` are one pattern to find-my-way, though findRoute() tells
 * them apart) go into a further layer, so that every pattern is matched somewhere.
 */
export class PrivateRouter<Store extends object> {
  private readonly layers: Router[] = []

  constructor (private readonly options: MatchingOptions, private readonly custom: readonly string[] = []) {}

  /** `pattern` as Fastify's router stored it (fastify-edge readRoutes), not as the app declared it. */
  insert (method: string, stored: string, constraints: Record<string, unknown>, store: Store): void {
    const pattern = this.declared(stored)
    for (const layer of this.layers) {
      try {
        layer.on(method as Method, pattern, { constraints }, noop, store)
        return
      } catch {
        // Taken in this layer: the next one.
      }
    }
    // Fastify's router accepted the pattern with these options, so a new layer does too.
    const strategies = Object.fromEntries(this.custom.map(name => [name, declaredValues(name)]))
    const layer: Router = FindMyWay({ ...this.options, allowUnsafeRegex: true, constraints: strategies } as FindMyWay.Config<FindMyWay.HTTPVersion.V1>)
    layer.on(method as Method, pattern, { constraints }, noop, store)
    this.layers.push(layer)
  }

  /**
   * A path that on() stores as `stored`. Under ignoreTrailingSlash, find-my-way's
   * on() trims one trailing slash before storing, and so does find() from the
   * request path: Fastify joins the prefix `/s/` and the url `/` into `/s//`,
   * stored as `/s/` and served for `/s//`. Inserted again, `/s/` would be
   * trimmed once more, to `/s`; one slash more gives back `/s/`. With
   * ignoreDuplicateSlashes as well, on() merges slashes before it trims, so
   * no stored path but `/` ends in a slash.
   */
  private declared (stored: string): string {
    return this.options.ignoreTrailingSlash && stored.length > 1 && stored.endsWith('/') ? stored + '/' : stored
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
