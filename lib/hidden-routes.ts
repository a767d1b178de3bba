import FindMyWay from 'find-my-way'
import type { MatchingOptions, RouteEntry } from './fastify-edge'

/** Whether a route with `config.methodNotAllowed: false` serves this URL, for some method and some client. */
export type HiddenTest = (url: string) => boolean

interface Store { hidden: boolean }

type Router = FindMyWay.Instance<FindMyWay.HTTPVersion.V1>

// find-my-way wants a handler, but this router is only ever asked find().
/* c8 ignore next */
function noop (): void {}

// The strategies find-my-way ships; a private router cannot evaluate any other.
const builtIn = new Set(['version', 'host'])

export const nothingHidden: HiddenTest = () => false

/**
 * Fastify's findRoute() says that a URL matches, not which route matched, and
 * a hidden pattern alone is not enough: `/:slug` matches `/users`, where the
 * router serves the static `/users` route. So every route of Fastify's router
 * gets a twin in a private router with the same matching options, remembering
 * whether it is hidden, and the router's own priorities tell which route
 * serves a URL. Only apps that hide something build it.
 *
 * Hiding never depends on declaration order, and when in doubt it hides: the
 * clients asked about are one that sends no constraint values and one per set
 * of Host/Accept-Version values that a hidden route declares. A route with a
 * custom constraint strategy serves only clients that send its value, which
 * this router cannot derive: a visible one is left out (some client is then
 * served by whatever else matches), and a hidden one stands without that
 * constraint, hiding its pattern for everybody.
 */
export function createHiddenTest (routes: readonly RouteEntry[], options: MatchingOptions): HiddenTest {
  if (!routes.some(route => route.config === false)) return nothingHidden

  // The patterns are already accepted by Fastify's router, regex and all.
  const router: Router = FindMyWay({ ...options, allowUnsafeRegex: true } as FindMyWay.Config<FindMyWay.HTTPVersion.V1>)
  const methods = new Set<FindMyWay.HTTPMethod>()
  const clients = new Map<string, Record<string, unknown>>([['', {}]])

  for (const route of routes) {
    const hidden = route.config === false
    const keys = Object.keys(route.constraints).sort()
    if (!hidden && keys.some(key => !builtIn.has(key))) continue
    const constraints: Record<string, unknown> = {}
    for (const key of keys) if (builtIn.has(key)) constraints[key] = route.constraints[key]
    const method = route.method as FindMyWay.HTTPMethod
    if (hidden) {
      methods.add(method)
      clients.set(JSON.stringify(constraints), constraints)
    }
    const existing = router.findRoute(method, route.pattern, constraints)
    if (existing === null) {
      router.on(method, route.pattern, { constraints }, noop, { hidden } satisfies Store)
    } else {
      // The same pattern once its custom constraint is set aside: it hides
      // if either route does.
      (existing.store as Store).hidden ||= hidden
    }
  }

  return function isHidden (url) {
    for (const method of methods) {
      for (const values of clients.values()) {
        const found = router.find(method, url, values)
        if (found !== null && (found.store as Store).hidden) return true
      }
    }
    return false
  }
}
