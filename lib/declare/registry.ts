import type { onRequestHookHandler, RouteOptions } from 'fastify'
import { FST_ERR_METHOD_NOT_ALLOWED_INVALID_ROUTE_CONFIG } from '../errors'
import type { DeprecationHooks, Schedule } from '../model/deprecation'
import { createHeadTracker } from '../router/exposed-head'
import type { RouteEntry, RouteLookup } from '../router/fastify-edge'
import { readRouteConfig } from './route-config'
import { createSchemaDocumenter } from './openapi'
import { readSchedule } from './schedules'

/** A route that deprecates some of its methods: its schedule and its hooks. */
interface Deprecating {
  schedule: Schedule
  hooks: DeprecationHooks
}

export interface RegistrySettings {
  /** Whether Fastify adds a HEAD route beside this GET route (it checks before onRoute runs). */
  exposesHead: (route: RouteOptions) => boolean
  /** Added to each route when `allowOnSuccess` is on. */
  allowOnSuccess?: onRequestHookHandler
  /** The hooks of a route that deprecates some of its methods. */
  deprecated: (schedule: Schedule) => DeprecationHooks
  /** Whether Fastify's router holds a route of this method with this very pattern. */
  hasRoute: (method: string, pattern: string, constraints: Record<string, unknown>) => boolean
  lookup: RouteLookup
  autoOptions: boolean
  /** The plugin's clock, for the methods an OpenAPI document lists (lib/declare/openapi.ts). */
  now: () => number
}

export interface Registry {
  onRoute (route: RouteOptions): void
  /**
   * At ready, with every route known: routes the plugin did not see declared
   * (before it was registered) carry no config it cannot honour, and each
   * `use` names a method that the route's URLs serve.
   */
  checkRoutes (routes: readonly RouteEntry[]): void
  /** The deprecations a route's config declares (`config.methodNotAllowed`), read once per config. */
  scheduleOf (config: unknown): Schedule | undefined
}

/**
 * What only onRoute can do, once per route so that no matched request pays:
 * validate `config.methodNotAllowed` as the route is declared, narrow the
 * route's methods, add the allowOnSuccess and deprecation hooks. What the
 * router knows (the patterns, hidden routes, constraints) is read from the
 * router at ready.
 */
export function createRegistry ({ exposesHead, allowOnSuccess, deprecated, hasRoute, lookup, autoOptions, now }: RegistrySettings): Registry {
  // Config objects already applied: Fastify copies config shallowly, so the
  // HEAD route it adds for a GET route carries the very same value.
  const applied = new WeakSet<object>()
  // Each config's schedule, read as onRoute validates it: the route table
  // reads the routes' configs back from the router at ready.
  const schedules = new WeakMap<object, Schedule>()
  // The GET route's check covers the HEAD route(s) Fastify exposes for it.
  const heads = createHeadTracker<Deprecating | undefined>()
  // Routes that declare the same deprecations (an API retiring a version's
  // routes on one date) share one schedule and one set of hooks: neither
  // holds anything of a route.
  const declared = new Map<string, Deprecating>()
  const documentedSchema = createSchemaDocumenter()

  /** The URLs of `pattern` serve `method`: a route of the same shape, or one whose pattern matches this pattern read as a path (a wildcard, a parameter of any name). */
  function serves (method: string, pattern: string, constraints: Record<string, unknown>): boolean {
    return (method === 'OPTIONS' && autoOptions) || hasRoute(method, pattern, constraints) || lookup(method, pattern, constraints) !== null
  }

  return {
    onRoute: function onRouteMethodNotAllowed (route) {
      const config = route.config as { methodNotAllowed?: unknown } | undefined
      const value = config?.methodNotAllowed
      // The GET route's check covers the HEAD route(s) Fastify exposes for it.
      const exposedHead = heads.exposedFor(route, value)
      let deprecating: Deprecating | undefined
      if (exposedHead !== undefined) {
        // HEAD follows GET: the GET route's schedule covers HEAD (lib/declare/schedules.ts).
        deprecating = exposedHead.payload
      } else {
        const methods = Array.isArray(route.method) ? route.method : [route.method]
        const head = methods.includes('GET') && exposesHead(route)
        const rules = readRouteConfig(value, { method: route.method, url: route.url, exposesHead: head })
        if (rules.methods !== undefined) route.method = rules.methods
        if (typeof value === 'object' && value !== null) applied.add(value)
        // Only a route that deprecates something pays a hook.
        if (rules.deprecated !== undefined) {
          const key = JSON.stringify(rules.deprecated)
          let shared = declared.get(key)
          if (shared === undefined) {
            const schedule = readSchedule(rules.deprecated)
            declared.set(key, shared = { schedule, hooks: deprecated(schedule) })
          }
          schedules.set(value as object, shared.schedule)
          deprecating = shared
        }
        heads.declared(methods, value, deprecating)
      }

      if (deprecating !== undefined) {
        const schema = documentedSchema(route.schema, Array.isArray(route.method) ? route.method : [route.method], deprecating.schedule, now())
        if (schema !== undefined) route.schema = schema
      }
      if (deprecating !== undefined || allowOnSuccess !== undefined) route.onRequest = appended(route.onRequest, [deprecating?.hooks.onRequest, allowOnSuccess])
      if (deprecating?.hooks.onSend !== undefined) route.onSend = appended(route.onSend, [deprecating.hooks.onSend])
    },

    scheduleOf (config) {
      // A route declared before the plugin got no deprecation hooks, and
      // checkRoutes refuses it at ready: nothing of it is retired meanwhile.
      return typeof config === 'object' && config !== null ? schedules.get(config) : undefined
    },

    checkRoutes (routes) {
      for (const { method, pattern, config } of routes) {
        if (config === undefined || typeof config === 'boolean' || applied.has(config as object)) continue
        // Declared before the plugin: invalid values fail as they would have then.
        readRouteConfig(config, { method, url: pattern, exposesHead: false })
        const key = (config as { allow?: unknown }).allow === undefined ? '.deprecated' : '.allow'
        throw new FST_ERR_METHOD_NOT_ALLOWED_INVALID_ROUTE_CONFIG(method, pattern, key,
          'the route was declared before fastify-method-not-allowed was registered, so this can no longer be applied to it; await app.register(fastifyMethodNotAllowed) before declaring it')
      }
      for (const { method, pattern, constraints, config } of routes) {
        const deprecated = (config as { deprecated?: Record<string, { use?: string }> } | undefined)?.deprecated
        if (typeof config !== 'object' || config === null || deprecated === undefined) continue
        // The route's own key: the HEAD route Fastify exposes for a GET route is checked as that GET.
        const name = Object.keys(deprecated).find(name => name.toUpperCase() === method)
        const use = name === undefined ? undefined : deprecated[name].use?.toUpperCase()
        if (use === undefined || serves(use, pattern, constraints)) continue
        throw new FST_ERR_METHOD_NOT_ALLOWED_INVALID_ROUTE_CONFIG(method, pattern, `.deprecated.${name as string}.use`,
          `no route serves ${use} for ${pattern}, so clients told to use it would get a 405 too`)
      }
    }
  }
}

/**
 * The route's own hooks of one kind, then ours. Called only where we add one:
 * setting a hook property on every route's options object, even to what it
 * was, cost a quarter of the plugin's work per declared route.
 */
function appended<Hook> (own: Hook | Hook[] | undefined, ours: Array<Hook | undefined>): Hook[] {
  const added = ours.filter(hook => hook !== undefined)
  return own === undefined ? added : [...(Array.isArray(own) ? own : [own]), ...added]
}
