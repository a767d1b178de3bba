import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type onRequestHookHandler, type RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import methodNotAllowed, { type FastifyMethodNotAllowedOptions } from '../../lib/plugin'

/**
 * The description of a generated app. The fuzzer builds it twice: once with
 * the plugin and once without (the twin, whose answers are the oracle).
 */

/** fastify.supportedMethods of a fresh instance. */
export const defaultMethods = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'QUERY', 'TRACE']
/** Methods Node parses and light-my-request accepts, that Fastify does not route by default. */
export const extraMethods = ['COPY', 'LOCK', 'MKCOL', 'MOVE', 'NOTIFY', 'PROPFIND', 'PURGE', 'REPORT', 'SEARCH', 'SUBSCRIBE', 'UNLOCK']

export type RouterKey = 'caseSensitive' | 'ignoreTrailingSlash' | 'ignoreDuplicateSlashes' | 'useSemicolonDelimiter' | 'maxParamLength'
export type RouterValues = { [K in RouterKey]?: K extends 'maxParamLength' ? number : boolean }

export interface ScopeSpec {
  /** The `prefix` option of register(); '' registers an encapsulated scope without one. */
  prefix: string
  /** Index of the parent scope; -1 is the root instance. Always lower than the scope's own index. */
  parent: number
  /** The scope sets a not-found handler of its own. */
  notFound: boolean
}

export interface RouteConstraints { version?: string, host?: string, tenant?: string }

/**
 * A custom constraint strategy, which the plugin cannot evaluate: the tenant
 * comes from a header. Routes that use it count only for clients that send it.
 */
export const tenantStrategy: Parameters<FastifyInstance['addConstraintStrategy']>[0] = {
  name: 'tenant',
  storage () {
    const stores = new Map<string, unknown>()
    return {
      get: (value: string) => (stores.get(value) ?? null) as never,
      set: (value: string, store: unknown) => { stores.set(value, store) }
    }
  },
  deriveConstraint: (request: FastifyRequest['raw']) => request.headers['x-tenant'] as string | undefined,
  mustMatchWhenDerived: false
}

/**
 * How the app registers the plugin: awaited at the root before the routes,
 * without await (it then loads at ready, after the root's routes), inside a
 * plugin wrapped with fastify-plugin, or inside an encapsulated child, which
 * must fail with FST_ERR_METHOD_NOT_ALLOWED_NOT_ROOT.
 */
export type Registration = 'awaited' | 'unawaited' | 'fp' | 'child'

export interface RouteSpec {
  id: string
  /** -1: the root instance. */
  scope: number
  path: string
  /** 'all' registers with fastify.all(). */
  method: string | string[]
  hidden: boolean
  /** `config.methodNotAllowed: { allow }`; the twin registers only the methods it keeps. */
  allow?: string[]
  constraints?: RouteConstraints
  exposeHeadRoute?: boolean
  prefixTrailingSlash?: 'both' | 'slash' | 'no-slash'
  /** Declared at the root before the plugin is registered (never with `allow`). */
  early?: boolean
}

export interface AppSpec {
  router: RouterValues
  /** Where each router option goes: Fastify 5's `routerOptions`, or the deprecated top level. */
  placement: { [K in RouterKey]?: 'router' | 'top' }
  /** Also put the opposite value at the top level of options placed in `routerOptions` (routerOptions wins). */
  conflict: boolean
  exposeHeadRoutes?: boolean
  customMethods: string[]
  plugin: FastifyMethodNotAllowedOptions
  registration: Registration
  /** The app adds tenantStrategy, and routes may use it. */
  customConstraint: boolean
  scopes: ScopeSpec[]
  routes: RouteSpec[]
}

export interface BuiltApp {
  app: FastifyInstance
  /** Ids of routes whose registration threw, and `notFound:<scope>` for refused not-found handlers. */
  rejected: string[]
}

// The deprecated top-level router options are generated on purpose, and
// Fastify warns about them once per app (FSTDEP022 is `unlimited`): hundreds
// of identical lines. Only that warning is dropped, only in fuzzing processes.
let quietened = false
function quietenTopLevelRouterOptionWarning (): void {
  if (quietened) return
  quietened = true
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void
  process.emitWarning = function emitWarningExceptFSTDEP022 (...args: unknown[]): void {
    if (args[2] === 'FSTDEP022') return
    emitWarning(...args)
  } as typeof process.emitWarning
}

export function serverOptions (spec: AppSpec): Record<string, unknown> {
  const options: Record<string, unknown> = { logger: false }
  const routerOptions: Record<string, unknown> = {}
  for (const key of Object.keys(spec.router) as RouterKey[]) {
    const value = spec.router[key]
    if (value === undefined) continue
    if (spec.placement[key] === 'top') {
      options[key] = value
    } else {
      routerOptions[key] = value
      if (spec.conflict) options[key] = typeof value === 'number' ? value + 7 : !value
    }
  }
  if (Object.keys(routerOptions).length > 0) options.routerOptions = routerOptions
  if (spec.exposeHeadRoutes !== undefined) options.exposeHeadRoutes = spec.exposeHeadRoutes
  return options
}

/**
 * Routes tell which of them the router chose, in an onRequest hook: the
 * handler alone would miss routed requests that fail later (a QUERY without
 * Content-Type answers 400 before any handler runs).
 */
function routeIdHook (id: string): onRequestHookHandler {
  return function fuzzRouteId (request, reply, done) {
    reply.header('x-route-id', id).header('x-route-url', request.routeOptions.url ?? '')
    done()
  }
}

function routeHandler (id: string) {
  return function fuzzRoute (request: FastifyRequest): unknown {
    return { id, params: request.params }
  }
}

function notFoundHandler (prefix: string) {
  return function fuzzNotFound (request: FastifyRequest, reply: FastifyReply): void {
    reply.code(404).send({ notFound: prefix, method: request.method, url: request.url })
  }
}

type ShorthandOptions = Omit<RouteOptions, 'method' | 'url' | 'handler'>

/**
 * The methods a route with `config.methodNotAllowed.allow` keeps
 * (lib/declare/route-config.ts): the allowed ones, HEAD along with GET.
 */
export function keptMethods (declared: string[], allow: string[]): string[] {
  const kept = new Set(allow)
  if (kept.has('GET')) kept.add('HEAD')
  return declared.filter(method => kept.has(method))
}

function declaredMethods (spec: AppSpec, route: RouteSpec): string[] {
  if (route.method === 'all') return supportedMethods(spec)
  return Array.isArray(route.method) ? [...route.method] : [route.method]
}

function shorthandOptions (route: RouteSpec, withPlugin: boolean): ShorthandOptions {
  const options: ShorthandOptions = { onRequest: routeIdHook(route.id) }
  if (route.hidden) options.config = { methodNotAllowed: false }
  if (route.allow !== undefined && withPlugin) options.config = { methodNotAllowed: { allow: route.allow } }
  if (route.constraints !== undefined) options.constraints = { ...route.constraints }
  if (route.exposeHeadRoute !== undefined) options.exposeHeadRoute = route.exposeHeadRoute
  if (route.prefixTrailingSlash !== undefined) options.prefixTrailingSlash = route.prefixTrailingSlash
  return options
}

function addRoute (spec: AppSpec, instance: FastifyInstance, route: RouteSpec, withPlugin: boolean, rejected: string[]): void {
  try {
    if (route.method === 'all' && (withPlugin || route.allow === undefined)) {
      instance.all(route.path, shorthandOptions(route, withPlugin), routeHandler(route.id))
    } else {
      const declared = declaredMethods(spec, route)
      instance.route({
        ...shorthandOptions(route, withPlugin),
        method: route.allow !== undefined && !withPlugin ? keptMethods(declared, route.allow) : declared,
        url: route.path,
        handler: routeHandler(route.id)
      })
    }
  } catch {
    rejected.push(route.id)
  }
}

/**
 * Builds the app of `spec`, with the plugin registered first or without it.
 * Registration errors of single routes are caught and reported, so the caller
 * can drop those routes: an app that survives a failed route() may hold half
 * of it (find-my-way inserts method arrays one by one).
 */
/** Routes that exist before the plugin runs: onRoute never sees them, so they get no allowOnSuccess hook. */
export function declaredEarly (spec: AppSpec, route: RouteSpec): boolean {
  return route.scope === -1 && (route.early === true || spec.registration === 'unawaited')
}

async function registerPlugin (app: FastifyInstance, spec: AppSpec): Promise<void> {
  switch (spec.registration) {
    case 'awaited':
      await app.register(methodNotAllowed, spec.plugin)
      return
    case 'unawaited':
      app.register(methodNotAllowed, spec.plugin)
      return
    case 'fp':
      await app.register(fp(async function wrapper (instance) { await instance.register(methodNotAllowed, spec.plugin) }))
      return
    case 'child':
      await app.register(async function child (instance) { await instance.register(methodNotAllowed, spec.plugin) })
  }
}

export async function buildApp (spec: AppSpec, withPlugin: boolean): Promise<BuiltApp> {
  quietenTopLevelRouterOptionWarning()
  const app = Fastify(serverOptions(spec))
  const rejected: string[] = []
  for (const method of spec.customMethods) app.addHttpMethod(method, { hasBody: true })
  if (spec.customConstraint) app.addConstraintStrategy(tenantStrategy)
  // Both apps declare the early routes first, so both routers hold the same routes in the same order.
  for (const route of spec.routes) {
    if (route.scope === -1 && route.early === true) addRoute(spec, app, route, withPlugin, rejected)
  }
  if (withPlugin) await registerPlugin(app, spec)

  function fill (instance: FastifyInstance, scope: number): void {
    for (const route of spec.routes) {
      if (route.scope === scope && route.early !== true) addRoute(spec, instance, route, withPlugin, rejected)
    }
    spec.scopes.forEach((child, index) => {
      if (child.parent !== scope) return
      const options: { prefix?: string } = child.prefix === '' ? {} : { prefix: child.prefix }
      instance.register(async function fuzzScope (scoped: FastifyInstance) {
        if (child.notFound) {
          // A second handler for the same prefix throws; that scope then keeps the inherited one.
          try {
            scoped.setNotFoundHandler(notFoundHandler(child.prefix))
          } catch {
            rejected.push(`notFound:${index}`)
          }
        }
        fill(scoped, index)
      }, options)
    })
  }

  fill(app, -1)
  await app.ready()
  return { app, rejected }
}

/**
 * Builds the twin, dropping the routes it rejects until it builds cleanly:
 * the fuzzer compares route tables that Fastify itself accepts.
 */
export async function acceptedTwin (spec: AppSpec): Promise<{ spec: AppSpec, app: FastifyInstance }> {
  let current = spec
  for (;;) {
    let built: BuiltApp
    try {
      built = await buildApp(current, false)
    } catch (error) {
      // An error at ready() rather than in route(): keep the root scope only, then nothing.
      if (current.scopes.length === 0 && current.routes.length === 0) throw error
      current = current.scopes.length === 0
        ? { ...current, routes: [] }
        : { ...current, scopes: [], routes: current.routes.filter(route => route.scope === -1) }
      continue
    }
    if (built.rejected.length === 0) return { spec: current, app: built.app }
    await built.app.close()
    const rejected = new Set(built.rejected)
    current = {
      ...current,
      scopes: current.scopes.map((scope, index) => rejected.has(`notFound:${index}`) ? { ...scope, notFound: false } : scope),
      routes: current.routes.filter(route => !rejected.has(route.id))
    }
  }
}

/** Methods the app routes: Fastify's defaults plus the custom ones. */
export function supportedMethods (spec: AppSpec): string[] {
  return [...defaultMethods, ...spec.customMethods].sort()
}

/** A compact, copy-pasteable description of a spec for failure reports. */
export function describeSpec (spec: AppSpec): string {
  return JSON.stringify(spec)
}
