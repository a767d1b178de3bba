import type { MatchingOptions, RouteEntry } from '../router/fastify-edge'
import type { AcceptBody } from '../model/table'
import { routerOfMethod, type PrivateRouter } from '../router/private-router'

/**
 * RFC 5789 §3.1: OPTIONS may advertise the patch formats a resource accepts
 * with Accept-Patch; the W3C Linked Data Platform defines Accept-Post alike
 * (LDP §7.1). The formats are those of the route that serves the method
 * for the URL, so each method gets a private router of all its routes, with
 * their constraints, in which the router's own priorities pick that route.
 */
const fields = [['PATCH', 'accept-patch'], ['POST', 'accept-post']] as const

interface Store { value: string }

/**
 * Sets Accept-Patch and Accept-Post on an automatic OPTIONS answer. The
 * private routers are built at the first OPTIONS that lists PATCH or POST:
 * apps that never answer one pay nothing, not even memory.
 */
export function createAcceptBody (read: (methods: readonly string[]) => RouteEntry[], options: MatchingOptions): AcceptBody {
  const routers = new Map<string, PrivateRouter<Store>>()

  function routerFor (method: string): PrivateRouter<Store> {
    let router = routers.get(method)
    if (router === undefined) {
      // Read from Fastify's router when first needed: nothing per route is kept until then.
      router = routerOfMethod(method, read([method]), options, route => ({ value: route.mediaTypes().join(', ') }))
      routers.set(method, router)
    }
    return router
  }

  return function acceptBody (reply, allow, path, constraints) {
    for (const [method, field] of fields) {
      if (!allow.includes(method)) continue
      const route = routerFor(method).first(method, path, constraints ?? {})
      if (route !== undefined && route.value !== '') reply.header(field, route.value)
    }
  }
}
