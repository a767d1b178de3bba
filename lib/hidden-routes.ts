import type { MatchingOptions, RouteEntry } from './fastify-edge'
import { PrivateRouter } from './private-router'

/** Whether a route with `config.methodNotAllowed: false` serves this URL, for some method and some client. */
export type HiddenTest = (url: string) => boolean

interface Store { hidden: boolean }

const isHiddenStore = (store: Store): boolean => store.hidden

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

  const router = new PrivateRouter<Store>(options)
  const methods = new Set<string>()
  const clients = new Map<string, Record<string, unknown>>([['', {}]])

  for (const route of routes) {
    const hidden = route.config === false
    const keys = Object.keys(route.constraints).sort()
    if (!hidden && keys.some(key => !builtIn.has(key))) continue
    const constraints: Record<string, unknown> = {}
    for (const key of keys) if (builtIn.has(key)) constraints[key] = route.constraints[key]
    if (hidden) {
      methods.add(route.method)
      clients.set(JSON.stringify(constraints), constraints)
    }
    const existing = router.existing(route.method, route.pattern, constraints)
    if (existing === undefined) {
      router.insert(route.method, route.pattern, constraints, { hidden })
    } else {
      // The same pattern once its custom constraint is set aside: it hides
      // if either route does.
      existing.hidden ||= hidden
    }
  }

  return function isHidden (url) {
    for (const method of methods) {
      for (const values of clients.values()) {
        if (router.some(method, url, values, isHiddenStore)) return true
      }
    }
    return false
  }
}
