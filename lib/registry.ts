import type { onRequestHookHandler, RouteOptions } from 'fastify'
import { FST_ERR_METHOD_NOT_ALLOWED_INVALID_ROUTE_CONFIG } from './errors'
import { isExposedHead, type RouteEntry } from './fastify-edge'
import { readSchedule, type Schedule } from './deprecation'
import { readRouteConfig } from './route-config'

export interface RegistrySettings {
  /** Whether Fastify adds a HEAD route beside this GET route (it checks before onRoute runs). */
  exposesHead: (route: RouteOptions) => boolean
  /** Added to each route when `allowOnSuccess` is on. */
  allowOnSuccess?: onRequestHookHandler
  /** The hook of a route that deprecates some of its methods. */
  deprecated: (schedule: Schedule) => onRequestHookHandler
  now: () => number
}

export interface Registry {
  onRoute (route: RouteOptions): void
  /** Routes the plugin did not see declared (before it was registered) carry no config it cannot honour. */
  checkUnseen (routes: readonly RouteEntry[]): void
}

/**
 * What only onRoute can do, once per route so that no matched request pays:
 * validate `config.methodNotAllowed` as the route is declared, narrow the
 * route's methods, add the allowOnSuccess hook. What the router knows (the
 * patterns, hidden routes, constraints) is read from the router at ready.
 */
export function createRegistry ({ exposesHead, allowOnSuccess, deprecated, now }: RegistrySettings): Registry {
  // Config objects already applied: Fastify copies config shallowly, so the
  // HEAD route it adds for a GET route carries the very same value.
  const applied = new WeakSet<object>()
  // The last GET route with a config: Fastify registers the HEAD route it
  // exposes for it right after it, with a copy of the same options.
  let headFor: { value: unknown, deprecation: onRequestHookHandler | undefined } | undefined

  return {
    onRoute: function onRouteMethodNotAllowed (route) {
      const config = route.config as { methodNotAllowed?: unknown } | undefined
      const value = config?.methodNotAllowed
      // The GET route's check covers the HEAD route(s) Fastify exposes for it.
      const exposedHead = headFor !== undefined && value === headFor.value && isExposedHead(route)
      let deprecation: onRequestHookHandler | undefined
      if (exposedHead) {
        // HEAD follows GET: the GET route's schedule covers HEAD (lib/deprecation.ts).
        deprecation = headFor?.deprecation
      } else {
        const methods = Array.isArray(route.method) ? route.method : [route.method]
        const head = methods.includes('GET') && exposesHead(route)
        const rules = readRouteConfig(value, { method: route.method, url: route.url, exposesHead: head })
        if (rules.methods !== undefined) route.method = rules.methods
        if (typeof value === 'object' && value !== null) applied.add(value)
        // Only a route that deprecates something pays a hook.
        if (rules.deprecated !== undefined) deprecation = deprecated(readSchedule(rules.deprecated, now()))
        headFor = methods.includes('GET') && value !== undefined ? { value, deprecation } : undefined
      }

      const hooks = [deprecation, allowOnSuccess].filter(hook => hook !== undefined)
      if (hooks.length > 0) {
        route.onRequest = route.onRequest === undefined
          ? hooks
          : [...(Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest]), ...hooks]
      }
    },

    checkUnseen (routes) {
      for (const { method, pattern, config } of routes) {
        if (config === undefined || typeof config === 'boolean' || applied.has(config as object)) continue
        // Declared before the plugin: invalid values fail as they would have then.
        readRouteConfig(config, { method, url: pattern, exposesHead: false })
        const key = (config as { allow?: unknown }).allow === undefined ? '.deprecated' : '.allow'
        throw new FST_ERR_METHOD_NOT_ALLOWED_INVALID_ROUTE_CONFIG(method, pattern, key,
          'the route was declared before fastify-method-not-allowed was registered, so this can no longer be applied to it; await app.register(fastifyMethodNotAllowed) before declaring it')
      }
    }
  }
}
