import type { MatchingOptions, RouteEntry } from './fastify-edge'
import { PrivateRouter } from './private-router'

/** False only when no route of any method, under any constraint values, matches the path. */
export type AnyRouteTest = (path: string) => boolean

const always: AnyRouteTest = () => true
const noConstraints = {}

// A pattern that matches every path: a private router would only ever say yes.
const rootCatchAll = /^\/?\*$/

/**
 * Scanners send a new URL on almost every request, and for each one the
 * matcher asks Fastify's router once per supported method. This router holds
 * each pattern of the route table once, under one method and without
 * constraints: a superset of every route, so when it finds nothing, no route
 * of any method does, and one lookup settles the 404. When it finds
 * something, the per-method lookups decide as before.
 */
export function createAnyRouteTest (routes: readonly RouteEntry[], options: MatchingOptions): AnyRouteTest {
  if (routes.some(route => rootCatchAll.test(route.pattern))) return always
  const router = new PrivateRouter<object>(options)
  for (const { pattern } of routes) {
    // Several methods and constraint values share a pattern.
    if (router.existing('GET', pattern, noConstraints) === undefined) router.insert('GET', pattern, noConstraints, noConstraints)
  }
  return function anyRoute (path) {
    return router.first('GET', path, noConstraints) !== undefined
  }
}
