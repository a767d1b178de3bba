import type { FastifyInstance, FastifyPluginCallback } from 'fastify'
import fp from 'fastify-plugin'
import { answerPreflights, checkCorsHook, preflightAnswer } from './integrations/cors'
import { FST_ERR_METHOD_NOT_ALLOWED_FASTIFY_VERSION, FST_ERR_METHOD_NOT_ALLOWED_NOT_ROOT } from './errors'
import { resolveOptions } from './declare/options'
import { createRegistry } from './declare/registry'
import type { MethodSurface } from './model/surface'
import type { RouteTable } from './model/table'
import type { HintFor } from './ready/hints'
import { buildRouteTable } from './ready/route-table'
import { createCallReporter } from './request/deprecated-calls'
import { createHooks, type Hooks } from './request/hooks'
import { createMatcher } from './request/matcher'
import { exposesHead } from './router/exposed-head'
import { coverNotFoundHandlers, isRootInstance, isLoggingOff, matchingOptions, printsAt, readRoutes, routeExists, routeLookup, type MatchingOptions, type RouteEntry } from './router/fastify-edge'
import { createRootCatchAllTest, servesAsteriskTarget } from './router/paths'
import type { FastifyMethodNotAllowedOptions, MethodNotAllowedRouteConfig } from '../types/index'

// The public types, augmentation of Fastify's included, are written once, in
// types/index.d.ts (the package's index.d.ts); lib/ takes them from there.
const methodNotAllowed: FastifyPluginCallback<FastifyMethodNotAllowedOptions> = function methodNotAllowed (fastify, opts, done) {
  // Configuration errors go through done() so that register() and ready() reject with them.
  try {
    setup(fastify, opts)
  } catch (error) {
    done(error as Error)
    return
  }
  done()
}

/**
 * The Fastify releases this plugin is tested on (package.json's
 * peerDependencies; CI runs the suite on the oldest and the newest). Before
 * 5.12.2, a route's own not-found context (`reply.callNotFound()`, as cors's
 * `OPTIONS *` route calls it) was a snapshot that missed not-found hooks added
 * later, so a plain OPTIONS met a bare 404. The bound is 5.12.4 because
 * `fastify.version` lags one release in some builds (5.12.2 reports 5.12.1,
 * 5.12.3 reports 5.12.2), and 5.12.4 is the first that reports itself and
 * follows only releases that work.
 */
const supportedFastify = '^5.12.4'

/** Whether a `fastify.version` is in supportedFastify; a pre-release counts as its release. */
function supportsFastify (version: string): boolean {
  const [major = 0, minor = 0, patch = 0] = /^(\d+)\.(\d+)\.(\d+)/.exec(version)?.slice(1).map(Number) ?? []
  return major === 5 && (minor > 12 || (minor === 12 && patch >= 4))
}

function setup (fastify: FastifyInstance, opts: unknown): void {
  // Checked here rather than through fastify-plugin's `fastify` option, whose
  // refusal (Fastify's FST_ERR_PLUGIN_VERSION_MISMATCH) would come first and say less.
  if (!supportsFastify(fastify.version)) throw new FST_ERR_METHOD_NOT_ALLOWED_FASTIFY_VERSION(supportedFastify, fastify.version)
  // One router serves the whole app, and a not-found handler serves a prefix
  // across contexts: covering one context would change the 404s of others.
  if (!isRootInstance(fastify)) throw new FST_ERR_METHOD_NOT_ALLOWED_NOT_ROOT(fastify.prefix)
  const options = resolveOptions(opts)
  const matching = matchingOptions(fastify)
  const lookup = routeLookup(fastify)
  const resolve = createMatcher({
    lookup,
    isRootCatchAll: createRootCatchAllTest(matching),
    autoOptions: options.autoOptions,
    catchAllIsResource: options.catchAllIsResource
  })

  const now = options.clock ?? Date.now
  const read = (methods: readonly string[] = fastify.supportedMethods): RouteEntry[] => readRoutes(fastify, methods)
  const learn = (routes: readonly RouteEntry[]): RouteTable => buildRouteTable(fastify.supportedMethods, routes, {
    options: matching,
    read,
    lookup,
    scheduleOf: registry.scheduleOf,
    autoOptions: options.autoOptions,
    catchAllIsResource: options.catchAllIsResource,
    notImplemented: options.notImplemented,
    now
  })
  // Routes and methods may still change until ready: until then every
  // question reads the router afresh.
  let final: RouteTable | undefined
  const table = (): RouteTable => final ?? learn(read())

  // With `hints`, built at ready from the surface: Fastify answers no request before ready.
  let hints: HintFor | undefined
  const hint = options.hints ? (method: string, url: string): string => (hints as HintFor)(method, url) : undefined
  const hooks = createHooks({
    table,
    resolve,
    now,
    notImplementedLogLevel: options.notImplementedLogLevel,
    reportCall: createCallReporter(options.deprecatedCallLogLevel, options.onDeprecatedCall, now,
      options.deprecatedCallLogLevel === 'silent' || isLoggingOff(fastify) ? undefined : printsAt(options.deprecatedCallLogLevel)),
    hint
  })
  const registry = createRegistry({
    exposesHead: route => exposesHead(fastify, route.exposeHeadRoute) &&
      !routeExists(fastify, 'HEAD', route.url, route.constraints as Record<string, unknown> | undefined),
    allowOnSuccess: options.allowOnSuccess ? hooks.allowOnSuccess : undefined,
    deprecated: hooks.deprecated,
    hasRoute: (method, pattern, constraints) => routeExists(fastify, method, pattern, constraints),
    lookup,
    autoOptions: options.autoOptions,
    now
  })

  fastify.addHook('onRoute', registry.onRoute)
  fastify.addHook('onReady', function readRouteTable (ready) {
    try {
      const routes = read()
      registry.checkRoutes(routes)
      checkCorsHook(routes)
      answerPreflights(routes, hooks.preflightAnswer)
      if (options.autoOptions) answerAsteriskAtRoot(routes, matching, hooks.asteriskOrRoute)
      final = learn(routes)
      if (options.hints) {
        const { buildHints } = require('./ready/hints') as typeof import('./ready/hints')
        hints = buildHints(surface(routes))
      }
    } catch (error) {
      ready(error as Error)
      return
    }
    ready()
  })
  // A request's constraint values, as the 405 and the automatic OPTIONS use
  // them: a CORS preflight carries the Host of the request it announces.
  fastify.decorate('allowedMethods', hooks.allowedMethods)
  fastify.decorate(preflightAnswer, hooks.preflightAnswer)
  // Built when asked, never on a request, and loaded then: apps that do not
  // call it pay nothing, not even the require() of its modules.
  function surface (routes: readonly RouteEntry[]): MethodSurface {
    const { buildSurface } = require('./ready/surface') as typeof import('./ready/surface')
    return buildSurface({ routes, table: table(), options: matching, lookup, allowedMethods: url => hooks.allowedMethods(url), scheduleOf: registry.scheduleOf, now: now() })
  }
  fastify.decorate('methodSurface', function methodSurface () {
    return surface(read())
  })
  coverNotFoundHandlers(fastify, hooks.onNotFound)
}

/**
 * RFC 9110 §9.3.7: `OPTIONS *` asks about the server, not a resource. The
 * router sends it to whatever serves OPTIONS at the root, so only those routes
 * pay for the question; every other route stays untouched.
 */
function answerAsteriskAtRoot (routes: readonly RouteEntry[], matching: MatchingOptions, asteriskOrRoute: Hooks['asteriskOrRoute']): void {
  for (const route of routes) {
    if (route.method === 'OPTIONS' && servesAsteriskTarget(route.pattern, matching)) route.wrapHandler(asteriskOrRoute)
  }
}

const fastifyMethodNotAllowed = fp(methodNotAllowed, { name: 'fastify-method-not-allowed' })

export default fastifyMethodNotAllowed
export { fastifyMethodNotAllowed }
export type { FastifyMethodNotAllowedOptions, MethodNotAllowedRouteConfig }
