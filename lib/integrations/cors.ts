import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Answer } from '../model/allow'
import type { CorsFromRoutes, CorsFromRoutesOptions, CorsRequestOptions } from '../../types/index'
import { FST_ERR_METHOD_NOT_ALLOWED_CORS_HOOK, FST_ERR_METHOD_NOT_ALLOWED_INVALID_OPTION, FST_ERR_METHOD_NOT_ALLOWED_NOT_REGISTERED } from '../errors'
import { corsAllowed, corsHookName, corsStepsAside, markCorsPreflight, runsCorsHook, withoutPreflight } from '../router/fastify-cors'
import type { RequestHook, RequestLifecycle, RouteEntry } from '../router/fastify-edge'

// The option shapes are @fastify/cors 11's own, written out in
// types/index.d.ts so that this package never loads or depends on it.
export type { CorsFromRoutes, CorsFromRoutesOptions }

/**
 * The plugin's decoration of the root instance, a PreflightAnswer: its
 * presence tells corsFromRoutes that the plugin is registered. Symbol.for:
 * one key across copies of the package.
 */
export const preflightAnswer = Symbol.for('fastify-method-not-allowed.preflightAnswer')

/** Where corsFromRoutes leaves its preflight settings: on the instance cors is registered in, which the routes it serves inherit. */
const corsPreflights = Symbol.for('fastify-method-not-allowed.corsPreflights')

/**
 * The Allow list of a preflight's URL, formatted; undefined where it is empty.
 * Also where only an OPTIONS route of the app's own serves the URL (there
 * `allowedMethods()` is [], as no 405 or automatic OPTIONS is ever sent).
 */
export type PreflightAnswer = (url: string, request: FastifyRequest) => Answer | undefined

/** What a preflight answer says besides its methods, normalised once, as cors normalises its own options. */
interface PreflightSettings {
  /** Access-Control-Allow-Headers; undefined: the request's Access-Control-Request-Headers, reflected. */
  allowHeaders: string | undefined
  maxAge: string | undefined
  cacheControl: string | undefined
  status: number
  /** preflightContinue: the route answers, after the headers are set. */
  continues: boolean
}

/** @fastify/cors' defaults (index.js defaultOptions). */
const corsDefaults: PreflightSettings = { allowHeaders: undefined, maxAge: undefined, cacheControl: undefined, status: 204, continues: false }

/**
 * Options that corsFromRoutes decides, and why an app may not set them: each
 * would be silently overridden, so a list kept from before would mislead.
 */
const decided: Record<string, string> = {
  methods: 'corsFromRoutes() answers each preflight with the Allow list of its URL; remove the list',
  delegator: 'corsFromRoutes() hands @fastify/cors static options; register @fastify/cors with your own delegator instead',
  preflight: 'corsFromRoutes() exists to answer preflights; register @fastify/cors without it to turn them off',
  strictPreflight: 'corsFromRoutes() answers only real preflights (Origin and Access-Control-Request-Method) from the route table; other OPTIONS requests get the plugin\'s answer'
}

/**
 * @fastify/cors registration options whose preflights answer
 * `Access-Control-Allow-Methods` with the Allow list of the preflight's URL.
 * Cors gets static options, so every other request costs what cors with a
 * static `methods` list costs; the plugin answers preflights in a hook of
 * each OPTIONS route, right after cors' own (answerPreflights).
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
  const corsOptions = withoutPreflight(options)
  const settings = settingsOf(options, corsDefaults)

  // Fastify's register() calls a function of options with the instance the
  // plugin is registered in: cors, wrapped with fastify-plugin, adds its hook there.
  return function corsOptionsFromRoutes (instance: FastifyInstance) {
    instance.decorate(corsPreflights, settings)
    instance.addHook('onReady', function corsFromRoutesNeedsThePlugin (done) {
      done(typeof (instance as unknown as Record<symbol, unknown>)[preflightAnswer] === 'function' ? undefined : new FST_ERR_METHOD_NOT_ALLOWED_NOT_REGISTERED())
    })
    return corsOptions
  }
}

/** The preflight settings `options` gives, the others from `base`. */
function settingsOf (options: CorsRequestOptions, base: PreflightSettings): PreflightSettings {
  const { allowedHeaders, maxAge, cacheControl, optionsSuccessStatus, preflightContinue } = options
  return {
    // null is cors' own default for these (index.js defaultOptions): not set.
    allowHeaders: allowedHeaders == null ? base.allowHeaders : Array.isArray(allowedHeaders) ? allowedHeaders.join(', ') : allowedHeaders,
    maxAge: maxAge == null ? base.maxAge : String(maxAge),
    // cors: an integer is seconds, a string the field value, anything else none.
    cacheControl: cacheControl == null ? base.cacheControl : Number.isInteger(cacheControl) ? `max-age=${String(cacheControl)}` : typeof cacheControl === 'string' ? cacheControl : undefined,
    status: optionsSuccessStatus ?? base.status,
    continues: preflightContinue ?? base.continues
  }
}

/**
 * Has every OPTIONS route that a corsFromRoutes() registration of cors serves
 * answer preflights from the route table, in the hook list where cors' hook
 * runs, right after it: before the app's later hooks (authentication, rate
 * limits), which a preflight never satisfies, as cors answers them itself.
 * Preflights only reach OPTIONS routes: cors' `OPTIONS *` matches every URL
 * its routes do, and the router falls back to it from an OPTIONS route whose
 * constraints do not match. Other routes get nothing.
 */
export function answerPreflights (routes: readonly RouteEntry[], answerOf: PreflightAnswer): void {
  for (const route of routes) {
    if (route.method !== 'OPTIONS') continue
    const registered = (route.server as Record<symbol, PreflightSettings | undefined>)[corsPreflights]
    const own = route.routeConfig.cors
    // cors' README: `config.cors` false leaves a route out, an object overrides options for it.
    if (registered === undefined || own === false) continue
    const settings = own !== null && typeof own === 'object' ? settingsOf(own as CorsRequestOptions, registered) : registered
    route.addHookAfter(corsHookName, lifecycle => preflightHook(lifecycle, settings, answerOf))
    // A preflight the route leaves to the router reaches the not-found
    // handler through reply.callNotFound(), which runs cors' hook again where
    // it is a preHandler: the answer there must be the same.
    route.addNotFoundHookAfter(corsHookName, lifecycle => preflightHook(lifecycle, registered, answerOf))
  }
}

function preflightHook (lifecycle: RequestLifecycle, settings: PreflightSettings, answerOf: PreflightAnswer): RequestHook {
  function answerPreflightFromRoutes (request: FastifyRequest, reply: FastifyReply, done: () => void): void {
    const headers = request.headers
    // Fetch standard §3.3.2 (HTTP requests): a CORS-preflight request is an
    // OPTIONS request with `Origin` and `Access-Control-Request-Method`.
    if (request.method !== 'OPTIONS' || headers.origin === undefined || headers['access-control-request-method'] === undefined) return done()
    // An origin cors refused gets no Access-Control-Allow-Origin, which fails
    // the preflight's CORS check whatever else is said: the route answers.
    if (!corsAllowed(reply)) return done()
    const answer = answerOf(request.url, request)
    if (answer === undefined) {
      // An unknown or hidden URL: its 404 (or a hidden OPTIONS route's own
      // answer) goes without CORS headers, so the preflight fails and tells nothing.
      corsStepsAside(reply)
      return done()
    }
    reply.header('access-control-allow-methods', answer.header)
    if (settings.allowHeaders === undefined) {
      // Reflected, so the answer varies with the request's list (Fetch standard, CORS protocol and HTTP caches).
      varyOn(reply, 'Access-Control-Request-Headers')
      const requested = headers['access-control-request-headers']
      if (requested !== undefined) reply.header('access-control-allow-headers', requested)
    } else {
      reply.header('access-control-allow-headers', settings.allowHeaders)
    }
    if (settings.maxAge !== undefined) reply.header('access-control-max-age', settings.maxAge)
    if (settings.cacheControl !== undefined) reply.header('cache-control', settings.cacheControl)
    if (settings.continues) {
      markCorsPreflight(request)
      return done()
    }
    // Content-Length on a 204 too, as cors sends it: some clients wait for a body without it.
    reply.code(settings.status).header('content-length', '0').send()
  }
  if (lifecycle !== 'preParsing') return answerPreflightFromRoutes
  const answer = answerPreflightFromRoutes
  // preParsing hooks get the payload stream third (Fastify's hooks.js).
  return function answerPreflightFromRoutes (request: FastifyRequest, reply: FastifyReply, _payload: unknown, done: () => void): void {
    answer(request, reply, done)
  }
}

/** RFC 9110 §12.5.5: adds a field name to Vary, unless listed already or Vary is `*`. */
function varyOn (reply: FastifyReply, name: string): void {
  const current = reply.getHeader('vary')
  if (current === undefined) {
    reply.header('vary', name)
    return
  }
  const value = String(current)
  const lower = name.toLowerCase()
  if (value.split(',').some(token => { const field = token.trim().toLowerCase(); return field === '*' || field === lower })) return
  reply.header('vary', `${value}, ${name}`)
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
