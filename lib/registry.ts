import type { onRequestHookHandler, RouteHandlerMethod, RouteOptions } from 'fastify'
import type { Constraints } from './constraints'
import type { HiddenRoutes } from './hidden-routes'
import { readRouteConfig } from './route-config'

export interface RegistrySettings {
  hidden: HiddenRoutes
  constraints: Constraints
  /** Added to each route when `allowOnSuccess` is on. */
  allowOnSuccess?: onRequestHookHandler
  /** Answers `OPTIONS *` in place of an OPTIONS route that would otherwise serve it. */
  answerAsterisk?: RouteHandlerMethod
}

type Route = RouteOptions & { routePath?: string, prefix?: string }

// Patterns that find-my-way also matches for the asterisk-form target `*`:
// it routes `*` as the root path.
const rootPatterns = /^(?:\/?\*?|\/:[^/]*\?)$/

/**
 * What onRoute learns that Fastify's router cannot tell: route config, the
 * patterns of hidden routes, constraints, per-route hooks.
 * Everything is decided here, once per route, so that no matched request pays.
 */
export function createOnRoute (settings: RegistrySettings): (route: Route) => void {
  const { hidden, constraints, allowOnSuccess, answerAsterisk } = settings

  return function onRouteMethodNotAllowed (route) {
    const config = route.config as { methodNotAllowed?: unknown } | undefined
    const kept = readRouteConfig(config?.methodNotAllowed, { method: route.method, url: route.url })
    if (kept !== undefined && kept !== false) route.method = kept
    const methods = Array.isArray(route.method) ? route.method : [route.method]

    const isHidden = kept === false
    hidden.add(methods, route.url, route.constraints, isHidden)
    // Under a prefix, get('/') is usually inserted as both `/v1` and `/v1/`; onRoute reports `/v1` only.
    if (route.routePath === '' && route.prefixTrailingSlash !== 'no-slash') hidden.addIfRouted(methods, route.url + '/', route.constraints, isHidden)

    if (route.constraints !== undefined) constraints.record(methods, route.constraints)

    if (allowOnSuccess !== undefined) {
      route.onRequest = route.onRequest === undefined
        ? [allowOnSuccess]
        : [...(Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest]), allowOnSuccess]
    }

    if (answerAsterisk !== undefined && methods.includes('OPTIONS') && rootPatterns.test(route.url)) {
      route.handler = wrapForAsterisk(route.handler, answerAsterisk)
    }
  }
}

/**
 * RFC 9110 §9.3.7: `OPTIONS *` asks about the server, not a resource. The
 * router sends it to whatever serves OPTIONS at the root, so only those routes
 * pay one comparison; every other route stays untouched.
 */
function wrapForAsterisk (handler: RouteHandlerMethod, answerAsterisk: RouteHandlerMethod): RouteHandlerMethod {
  return function optionsOrAsterisk (request, reply) {
    if (request.raw.url === '*') return answerAsterisk.call(this, request, reply)
    return handler.call(this, request, reply)
  }
}
