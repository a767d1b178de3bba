import type { RouteEntry } from './fastify-edge'
import type { Candidate } from '../model/candidates'

/**
 * The routes of a method that can match some set of paths, as lists in
 * Fastify's router order: lists that the router keeps apart (a first segment's
 * routes, the routes that may match under any first segment) are compared
 * apart.
 */
export type RoutesOf = (method: string) => ReadonlyArray<readonly RouteEntry[] | undefined>

/**
 * REST resources serve several methods at one pattern: GET, its exposed HEAD,
 * PUT and DELETE at `/posts/:id`. Where two methods can match a path only by
 * the very same routes, the router gives both the same answer, so the later
 * one takes the earlier one's lookup (`same`). The same routes means the same
 * patterns with the same constraint values, in the same order: find-my-way's
 * walk shows the order of regex siblings and of constrained handlers, the only
 * order it matches by. A RegExp or value declared twice is not recognised and
 * costs the lookup it would have saved, no more.
 */
export function shareLookups (candidates: readonly Candidate[], routesOf: RoutesOf): Candidate[] {
  const routes = candidates.map(({ method, ask }) => ask ? routesOf(method) : undefined)
  return candidates.map(({ method, ask, retired }, i) => {
    const own = routes[i]
    const same = own === undefined ? -1 : routes.findIndex((other, j) => j < i && other !== undefined && sameLists(own, other))
    return same === -1 ? { method, ask, retired } : { method, ask, retired, same }
  })
}

// Undefined: no route of the method in that list.
function sameLists (a: ReadonlyArray<readonly RouteEntry[] | undefined>, b: ReadonlyArray<readonly RouteEntry[] | undefined>): boolean {
  return a.length === b.length && a.every((list, i) => sameRoutes(list ?? [], b[i] ?? []))
}

function sameRoutes (a: readonly RouteEntry[], b: readonly RouteEntry[]): boolean {
  return a.length === b.length && a.every((route, i) => route.pattern === b[i].pattern && sameConstraints(route.constraints, b[i].constraints))
}

// Fastify's exposed HEAD routes share their GET route's constraints object.
function sameConstraints (a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every(key => Object.hasOwn(b, key) && a[key] === b[key])
}
