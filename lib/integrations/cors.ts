import type { FastifyRequest } from 'fastify'
import type { CorsFromRoutes, CorsFromRoutesOptions, CorsPreflightOptions } from '../../types/index'
import { FST_ERR_METHOD_NOT_ALLOWED_CORS_HOOK, FST_ERR_METHOD_NOT_ALLOWED_INVALID_OPTION, FST_ERR_METHOD_NOT_ALLOWED_NOT_REGISTERED } from '../errors'
import { corsStepsAside, runsCorsHook, splitCorsOptions, withoutPreflight } from '../router/fastify-cors'
import type { RouteEntry } from '../router/fastify-edge'

// The option shapes are @fastify/cors 11's own, written out in
// types/index.d.ts so that this package never loads or depends on it.
export type { CorsFromRoutes, CorsFromRoutesOptions }

/**
 * The instance decoration through which the plugin answers the delegator: the
 * Allow list of a preflight's URL, also where only an OPTIONS route of the
 * app's own serves it (there `allowedMethods()` is [], as no 405 or automatic
 * OPTIONS is ever sent). Symbol.for: one key across copies of the package.
 */
export const preflightMethods = Symbol.for('fastify-method-not-allowed.preflightMethods')

type PreflightMethods = (url: string, request: FastifyRequest) => string[]

/**
 * Options that corsFromRoutes decides, and why an app may not set them: each
 * would be silently overridden, so a list kept from before would mislead.
 */
const decided: Record<string, string> = {
  methods: 'corsFromRoutes() answers each preflight with the Allow list of its URL; remove the list',
  delegator: 'corsFromRoutes() is the delegator; register @fastify/cors with your own delegator instead',
  preflight: 'corsFromRoutes() exists to answer preflights; register @fastify/cors without it to turn them off',
  strictPreflight: 'corsFromRoutes() sends only real preflights to @fastify/cors (Origin and Access-Control-Request-Method); other OPTIONS requests get the plugin\'s answer'
}

/**
 * @fastify/cors options whose preflights answer `Access-Control-Allow-Methods`
 * with the Allow list of the preflight's URL, read from the route table by
 * `fastify.allowedMethods()`. Pass the result as @fastify/cors' options.
 */
export function corsFromRoutes (options: CorsFromRoutesOptions = {}): CorsFromRoutes {
  if (options === null || typeof options !== 'object') {
    throw new FST_ERR_METHOD_NOT_ALLOWED_INVALID_OPTION('(corsFromRoutes options)', 'options must be an object')
  }
  for (const key of Object.keys(decided)) {
    if (key in options) throw new FST_ERR_METHOD_NOT_ALLOWED_INVALID_OPTION(key, decided[key])
  }
  if ((options.hook as string | undefined) === serializationHook) {
    throw new FST_ERR_METHOD_NOT_ALLOWED_INVALID_OPTION('hook', `'${serializationHook}' adds CORS headers only where a payload object is serialized, so no preflight, 405, 501 or automatic OPTIONS would carry them; use 'onRequest' (cors' default), 'preParsing', 'preValidation' or 'preHandler'`)
  }
  const { once, perRequest } = splitCorsOptions(options)
  // Built once: requests that are no preflight get the very same object.
  const notPreflight = withoutPreflight(perRequest)
  const registration: CorsFromRoutes = { delegator: corsOptionsFromRoutes, ...once }
  return registration

  // Two parameters: @fastify/cors calls a delegator of length 2 with a
  // callback (index.js, handleCorsOptionsDelegator), which costs no promise
  // per request.
  function corsOptionsFromRoutes (request: FastifyRequest, callback: (error: Error | null, options?: CorsPreflightOptions) => void): void {
    // Fetch standard §3.3.2 (HTTP requests): a CORS-preflight request is an
    // OPTIONS request with `Origin` and `Access-Control-Request-Method`. Only
    // those pay for the route table (one router lookup per method); every
    // other request gets the options built above.
    if (request.method !== 'OPTIONS' || request.headers.origin === undefined || request.headers['access-control-request-method'] === undefined) {
      callback(null, notPreflight)
      return
    }
    // Read at request time, so that @fastify/cors may be registered before
    // the plugin decorates the instance.
    const methodsOf = (request.server as unknown as Record<symbol, PreflightMethods | undefined>)[preflightMethods]
    if (typeof methodsOf !== 'function') {
      callback(new FST_ERR_METHOD_NOT_ALLOWED_NOT_REGISTERED())
      return
    }
    // With the request: a preflight carries the Host of the request it
    // announces, so host-constrained routes count as they will for it.
    const allow = methodsOf(request.url, request)
    callback(null, allow.length === 0 ? corsStepsAside : { ...perRequest, methods: allow })
  }
}

const serializationHook = 'preSerialization'

/**
 * @fastify/cors with `hook: 'preSerialization'` acts only where Fastify
 * serializes a payload object (reply.js runs preSerialization hooks for those
 * alone; error-handler.js serializes errors without them). The 405 and 501 are
 * errors and the automatic OPTIONS has no body: they would carry no CORS
 * header, and a preflight the plugin answers would fail in the browser. The
 * other hooks run before the not-found handler's preHandler, where the plugin
 * decides. Cors' own `OPTIONS` route sits in the context that has its hook.
 */
export function checkCorsHook (routes: readonly RouteEntry[]): void {
  for (const route of routes) {
    if (route.method === 'OPTIONS' && runsCorsHook(route.preSerialization())) {
      throw new FST_ERR_METHOD_NOT_ALLOWED_CORS_HOOK(serializationHook)
    }
  }
}
