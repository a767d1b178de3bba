import type { FastifyInstance, FastifyPluginCallback, FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import { FST_ERR_METHOD_NOT_ALLOWED_NOT_ROOT } from './errors'
import { coverNotFoundHandlers, exposesHead, isRootInstance, matchingOptions, readRoutes, routeExists, routeLookup, type RouteEntry } from './fastify-edge'
import { createHooks } from './hooks'
import { createMatcher } from './matcher'
import { resolveOptions } from './options'
import type { FastifyMethodNotAllowedOptions, MethodNotAllowedRouteConfig } from '../types/index'
import { createRegistry } from './registry'
import { buildRouteTable, type RouteTable } from './route-table'
import { createRootCatchAllTest } from './root-catch-all'

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

// Patterns that find-my-way also matches for the asterisk-form target `*`:
// it routes `*` as the root path.
const rootPatterns = /^(?:\/?\*?|\/:[^/]*\?)$/

function setup (fastify: FastifyInstance, opts: unknown): void {
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
    options: matching, read, autoOptions: options.autoOptions, catchAllIsResource: options.catchAllIsResource, now
  })
  // Routes and methods may still change until ready: until then every
  // question reads the router afresh.
  let final: RouteTable | undefined
  const table = (): RouteTable => final ?? learn(read())

  const hooks = createHooks({ options, table, resolve, lookup, now })
  const registry = createRegistry({
    exposesHead: route => exposesHead(fastify, route.exposeHeadRoute) &&
      !routeExists(fastify, 'HEAD', route.url, route.constraints as Record<string, unknown> | undefined),
    allowOnSuccess: options.allowOnSuccess ? hooks.allowOnSuccess : undefined,
    deprecated: hooks.deprecated,
    hasRoute: (method, pattern, constraints) => routeExists(fastify, method, pattern, constraints),
    lookup,
    autoOptions: options.autoOptions
  })

  fastify.addHook('onRoute', registry.onRoute)
  fastify.addHook('onReady', function readRouteTable (ready) {
    try {
      const routes = read()
      registry.checkRoutes(routes)
      if (options.autoOptions) answerAsteriskAtRoot(routes, hooks.answerAsterisk)
      final = learn(routes)
    } catch (error) {
      ready(error as Error)
      return
    }
    ready()
  })
  // A request's constraint values, as the 405 and the automatic OPTIONS use
  // them: a CORS preflight carries the Host of the request it announces.
  fastify.decorate('allowedMethods', hooks.allowedMethods)
  coverNotFoundHandlers(fastify, hooks.onNotFound)
}

/**
 * RFC 9110 §9.3.7: `OPTIONS *` asks about the server, not a resource. The
 * router sends it to whatever serves OPTIONS at the root, so only those routes
 * pay one comparison; every other route stays untouched.
 */
function answerAsteriskAtRoot (routes: readonly RouteEntry[], answerAsterisk: (reply: FastifyReply) => void): void {
  for (const route of routes) {
    if (route.method !== 'OPTIONS' || !rootPatterns.test(route.pattern)) continue
    route.wrapHandler(handler => function optionsOrAsterisk (request, reply) {
      // One context may serve several methods (`route({ method: ['GET', 'OPTIONS'] })`).
      if (request.raw.url === '*' && request.method === 'OPTIONS') return answerAsterisk(reply)
      return handler(request, reply)
    })
  }
}

const fastifyMethodNotAllowed = fp(methodNotAllowed, {
  fastify: '5.x',
  name: 'fastify-method-not-allowed'
})

export default fastifyMethodNotAllowed
export { fastifyMethodNotAllowed }
export type { FastifyMethodNotAllowedOptions, MethodNotAllowedRouteConfig }
