import type { FastifyInstance, FastifyPluginCallback } from 'fastify'
import fp from 'fastify-plugin'
import { createConstraints } from './constraints'
import { createHiddenRoutes } from './hidden-routes'
import { createHooks } from './hooks'
import { createMatcher, type Params, type RouteLookup } from './matcher'
import { methodTable, routedAnywhere, type MethodTable } from './methods'
import { coverNotFoundHandlers } from './not-found'
import { resolveOptions, type FastifyMethodNotAllowedOptions } from './options'
import { createOnRoute } from './registry'
import type { MethodNotAllowedRouteConfig } from './route-config'
import { createRootCatchAllTest } from './root-catch-all'
import { matchingOptions } from './router-options'

declare module 'fastify' {
  interface FastifyInstance {
    /** The sorted Allow list the plugin would send for this URL; empty for an unknown URL. */
    allowedMethods (url: string): string[]
  }
  interface FastifyContextConfig {
    methodNotAllowed?: MethodNotAllowedRouteConfig
  }
}

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

function setup (fastify: FastifyInstance, opts: unknown): void {
  const options = resolveOptions(opts)
  const routerOptions = matchingOptions(fastify)
  const hidden = createHiddenRoutes(routerOptions, (method, url, constraints) =>
    fastify.hasRoute({ method, url, constraints } as Parameters<FastifyInstance['hasRoute']>[0]))
  const constraints = createConstraints()

  // findRoute() reports a malformed URL or an over-long param as a match
  // without searchParams; neither is a route.
  const lookup: RouteLookup = (method, url, values) => {
    const route = fastify.findRoute({ method, url, constraints: values } as Parameters<FastifyInstance['findRoute']>[0])
    return route === null || route.searchParams === undefined ? null : route.params as Params
  }

  // Methods may be added with addHttpMethod() until ready; read them then.
  let table: MethodTable | undefined
  let asterisk: string[] | undefined
  const currentTable = (): MethodTable => table ?? methodTable(fastify.supportedMethods)
  const asteriskAllow = (): string[] => (asterisk ??= routedAnywhere(fastify, currentTable().sorted, options.autoOptions))

  const resolve = createMatcher({
    lookup,
    isRootCatchAll: createRootCatchAllTest(routerOptions),
    autoOptions: options.autoOptions,
    catchAllIsResource: options.catchAllIsResource
  })
  const hooks = createHooks({ options, table: currentTable, asteriskAllow, resolve, lookup, hidden, constraints })

  fastify.addHook('onRoute', createOnRoute({
    hidden,
    constraints,
    allowOnSuccess: options.allowOnSuccess ? hooks.allowOnSuccess : undefined,
    answerAsterisk: options.autoOptions ? hooks.answerAsterisk : undefined
  }))
  fastify.addHook('onReady', function freezeMethodTable (ready) {
    table = methodTable(fastify.supportedMethods)
    hidden.seal()
    ready()
  })
  fastify.decorate('allowedMethods', function allowedMethods (url: string): string[] {
    if (hidden.matches(url)) return []
    const resolution = resolve(currentTable().sorted, url, '')
    return resolution.resource ? resolution.allow : []
  })
  coverNotFoundHandlers(fastify, hooks.onNotFound)
}

const fastifyMethodNotAllowed = fp(methodNotAllowed, {
  fastify: '5.x',
  name: 'fastify-method-not-allowed'
})

export default fastifyMethodNotAllowed
export { fastifyMethodNotAllowed }
export type { FastifyMethodNotAllowedOptions, MethodNotAllowedRouteConfig }
