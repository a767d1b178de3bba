import type { FastifyInstance, RouteOptions } from 'fastify'

/**
 * Fastify's exposeHeadRoutes: a GET route gets a HEAD route beside it, with a
 * copy of its options. Everything the plugin does for a GET (narrowing its
 * methods, deprecating it) holds for that HEAD too.
 */

/** The method that follows `method` wherever it goes: HEAD follows GET. */
export function follower (method: string): 'HEAD' | undefined {
  return method === 'GET' ? 'HEAD' : undefined
}

/** Whether Fastify adds a HEAD route beside a GET route with these options (route.js shouldExposeHead). */
export function exposesHead (fastify: FastifyInstance, exposeHeadRoute: boolean | undefined): boolean {
  // initialConfig always holds exposeHeadRoutes (fastify.js fills in the default).
  return exposeHeadRoute ?? (fastify.initialConfig as { exposeHeadRoutes: boolean }).exposeHeadRoutes
}

/**
 * Whether Fastify added this HEAD route beside a GET route (exposeHeadRoute):
 * route.js registers it with head-route.js's `headRouteOnSendHandler` as the
 * last onSend handler. Where the HEAD route lands (the GET route's URL, or that
 * URL with a slash under a prefix) depends on which HEAD routes exist already.
 */
export function isExposedHead (route: RouteOptions): boolean {
  const onSend = route.onSend
  const last: unknown = Array.isArray(onSend) ? onSend[onSend.length - 1] : onSend
  return route.method === 'HEAD' && typeof last === 'function' && last.name === 'headRouteOnSendHandler'
}

export interface HeadTracker<Payload> {
  /** The payload of the GET route this route is the exposed HEAD of, declared with the same config value; undefined for any other route. */
  exposedFor (route: RouteOptions, value: unknown): { payload: Payload } | undefined
  /** A route was declared with this config value: a GET route's HEAD may come next. */
  declared (methods: readonly string[], value: unknown, payload: Payload): void
}

/**
 * Fastify registers the HEAD route it exposes for a GET route right after it,
 * with a shallow copy of its options (route.js), so onRoute sees the HEAD
 * route next, carrying the very same config value.
 */
export function createHeadTracker<Payload> (): HeadTracker<Payload> {
  let last: { value: unknown, payload: Payload } | undefined
  return {
    exposedFor (route, value) {
      return last !== undefined && value === last.value && isExposedHead(route) ? last : undefined
    },
    declared (methods, value, payload) {
      last = methods.some(method => follower(method) !== undefined) && value !== undefined ? { value, payload } : undefined
    }
  }
}
