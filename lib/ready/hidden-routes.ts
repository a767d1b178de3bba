import type { MatchingOptions, RouteEntry } from '../router/fastify-edge'
import type { HiddenTest } from '../model/table'
import { customConstraints, sortedConstraints } from '../router/constraints'
import { PrivateRouter } from '../router/private-router'

interface Store { hidden: boolean }

const isHiddenStore = (store: Store): boolean => store.hidden

export const nothingHidden: HiddenTest = () => false

/**
 * Fastify's findRoute() says that a URL matches, not which route matched, and
 * a hidden pattern alone is not enough: `/:slug` matches `/users`, where the
 * router serves the static `/users` route. So every route of Fastify's router
 * gets a twin in a private router with the same matching options, remembering
 * whether it is hidden, and the router's own priorities tell which route
 * serves a URL. Only apps that hide something build it.
 *
 * Hiding never depends on declaration order, and a URL is hidden when any
 * client would be served by a hidden route: the clients asked about are one
 * that sends no constraint values and one per set of values that a hidden
 * route declares. A custom constraint strategy runs code only Fastify's router
 * can call; here its routes serve the clients that send the value they declare
 * (lib/router/private-router.ts), as a strategy that stores values in a Map does.
 */
export function createHiddenTest (routes: readonly RouteEntry[], options: MatchingOptions): HiddenTest {
  if (!routes.some(route => route.config === false)) return nothingHidden

  const custom = new Set<string>()
  for (const route of routes) for (const name of customConstraints(route.constraints)) custom.add(name)
  const router = new PrivateRouter<Store>(options, [...custom])
  const methods = new Set<string>()
  const clients = new Map<string, Record<string, unknown>>([['', {}]])

  for (const route of routes) {
    const hidden = route.config === false
    const constraints = sortedConstraints(route.constraints)
    if (hidden) {
      methods.add(route.method)
      clients.set(JSON.stringify(constraints), constraints)
    }
    router.insert(route.method, route.pattern, constraints, { hidden })
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
