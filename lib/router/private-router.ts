import FindMyWay from 'find-my-way'
import { builtInConstraints, hasCustomConstraint } from './constraints'
import type { MatchingOptions, RouteEntry } from './fastify-edge'

type Router = FindMyWay.Instance<FindMyWay.HTTPVersion.V1>
type Method = FindMyWay.HTTPMethod

// find-my-way wants a handler, but these routers are only ever asked find().
/* c8 ignore next */
function noop (): void {}

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

/**
 * A private router of one method's routes, for a question Fastify's router
 * cannot answer: which route serves a URL. A route with a custom constraint
 * never serves the clients the plugin answers for (lib/router/constraints.ts):
 * it is left out, and its own hooks speak for it.
 */
export function routerOfMethod<Store extends object> (method: string, routes: Iterable<RouteEntry>, options: MatchingOptions, storeOf: (route: RouteEntry) => Store): PrivateRouter<Store> {
  const router = new PrivateRouter<Store>(options)
  for (const route of routes) {
    if (route.method !== method || hasCustomConstraint(route.constraints)) continue
    router.insert(method, route.pattern, builtInConstraints(route.constraints), storeOf(route))
  }
  return router
}
