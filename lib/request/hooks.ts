import type { FastifyReply, FastifyRequest, onRequestHookHandler, onSendHookHandler, preHandlerHookHandler } from 'fastify'
import { formatAllow } from '../model/allow'
import { createResolutionCache } from './cache'
import { afterLookup, ASTERISK, beforeLookup, LOOKUP, NOT_ALLOWED, NOT_IMPLEMENTED, OPTIONS } from './decide'
import { logErrorsAt, type RouteLookup } from '../router/fastify-edge'
import { pathOf, type Matcher } from './matcher'
import type { ResolvedOptions } from '../declare/options'
import { combineLinks, retiredBody, type Schedule } from '../model/deprecation'
import { methodNotAllowed, notImplemented, retiredMethod, sendOptions } from './responder'
import type { RouteTable } from '../ready/route-table'

export interface HookSettings {
  options: ResolvedOptions
  /** The route table: final from onReady on. */
  table: () => RouteTable
  resolve: Matcher
  lookup: RouteLookup
  now: () => number
}

export interface Hooks {
  /** preHandler of every not-found handler: the only place the plugin works per request. */
  onNotFound: preHandlerHookHandler
  /** Answers `OPTIONS *` in place of an OPTIONS route at the root. */
  answerAsterisk (reply: FastifyReply): void
  /** onRequest of each route when `allowOnSuccess` is on. */
  allowOnSuccess: onRequestHookHandler
  /** fastify.allowedMethods(): the Allow list the plugin would send for a URL, for this request's constraint values; [] where it answers 404. */
  allowedMethods (url: string, request?: FastifyRequest): string[]
  /** What a CORS preflight may announce (lib/cors-from-routes.ts): the Allow list where the URL is a resource or served by an OPTIONS route of the app's own; [] elsewhere. */
  preflightMethods (url: string, request: FastifyRequest): string[]
  /** The hooks of a route that deprecates some of its methods. */
  deprecated (schedule: Schedule): DeprecationHooks
}

export interface DeprecationHooks {
  /** Sends Deprecation and Sunset while a method works; answers for it once retired. */
  onRequest: onRequestHookHandler
  /** Adds the deprecation links to the Link the response has by then, and use and link to the default 405 body; only when some method has a link or a use. */
  onSend?: onSendHookHandler
}

/** Thin adapters: they gather the facts for lib/decision.ts and carry out its step. */
export function createHooks ({ options, table, resolve, lookup, now }: HookSettings): Hooks {
  const { autoOptions, notImplementedLogLevel } = options
  const cached = createResolutionCache(resolve)

  function allowedMethods (url: string, request?: FastifyRequest): string[] {
    const known = table()
    if (known.isHidden(url)) return []
    const constraints = request === undefined ? undefined : known.constraints.derive(request)
    const resolution = resolve(known.candidates, pathOf(url), '', constraints)
    return resolution.resource ? resolution.allow.slice() : []
  }

  function preflightMethods (url: string, request: FastifyRequest): string[] {
    const known = table()
    if (known.isHidden(url)) return []
    const resolution = resolve(known.candidates, pathOf(url), '', known.constraints.derive(request))
    // An OPTIONS route makes no resource (no 405, no automatic OPTIONS), but
    // it serves the preflight's URL: the browser must be able to reach it.
    return resolution.resource || resolution.ownOptions ? resolution.allow.slice() : []
  }

  return {
    onNotFound: function methodNotAllowedOnNotFound (request, reply, done) {
      const method = request.method
      const url = request.url
      const known = table()
      const step = beforeLookup(method, url, known.supported.has(method), known.isHidden, options)
      if (step === ASTERISK) return sendOptions(reply, known.asteriskAllow)
      if (step === NOT_IMPLEMENTED) {
        // A client's probe, not a server fault: Fastify would log any 5xx as an error.
        if (notImplementedLogLevel !== 'error') logErrorsAt(reply, notImplementedLogLevel)
        return done(notImplemented(method))
      }
      if (step !== LOOKUP) return done()

      const path = pathOf(url)
      // Most unknown URLs match no route at all: one Map lookup instead of one router lookup per method.
      const candidates = known.candidatesFor(path)
      if (candidates === undefined) return done()
      const derived = known.constraints.derive(request)
      // Without constraint values the answer depends on the path and the method
      // alone: remembered, so a repeated 405 or 404 skips the router.
      const resolution = derived === undefined && !known.timeDependent
        ? cached(known, candidates, path, method)
        : resolve(candidates, path, method, derived)
      const decision = afterLookup(method, resolution, autoOptions)
      if (decision === OPTIONS) {
        known.acceptBody(reply, resolution.allow, path, derived)
        return sendOptions(reply, resolution.answer.header)
      }
      if (decision === NOT_ALLOWED && !known.constraints.routedElsewhere(method, path, lookup)) {
        return done(methodNotAllowed(reply, method, url, resolution))
      }
      done()
    },

    answerAsterisk (reply) {
      sendOptions(reply, table().asteriskAllow)
    },

    allowOnSuccess: function allowOnSuccess (request, reply, done) {
      // RFC 9110 §10.2.1: Allow on success says what the 405 and the
      // automatic OPTIONS of the same URL would say, or nothing.
      const allow = allowedMethods(request.url, request)
      if (allow.length > 0) reply.header('allow', formatAllow(allow))
      done()
    },

    allowedMethods,

    preflightMethods,

    deprecated (schedule) {
      function deprecatedMethods (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void {
        const deprecation = schedule.get(request.method)
        if (deprecation === undefined) return done()
        if (deprecation.retiresAt > now()) {
          for (const [name, value] of deprecation.headers) reply.header(name, value)
          return done()
        }
        // Retired: the route no longer serves this method; the URL's other methods say so.
        const known = table()
        const resolution = resolve(known.candidates, pathOf(request.url), request.method, known.constraints.derive(request))
        // Where no route is left to answer, the not-found path answers as for
        // any method the URL is not routed for: an OPTIONS route gives way to
        // the automatic OPTIONS (RFC 9110 §9.3.7), and a URL that only an
        // OPTIONS route or a root catch-all matched gets Fastify's 404.
        if (!resolution.resource || (request.method === 'OPTIONS' && autoOptions)) {
          reply.callNotFound()
          return
        }
        done(retiredMethod(reply, deprecation, request.url, resolution.allow))
      }
      const some = [...schedule.values()]
      if (some.every(deprecation => deprecation.links === undefined && deprecation.use === undefined && deprecation.link === undefined)) {
        return { onRequest: deprecatedMethods }
      }
      // onSend: the Link field a handler, a preHandler or the app's hooks set
      // is the one the response has by then (reply.header replaces a field).
      function deprecationLinks (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: Error | null, payload?: unknown) => void): void {
        const deprecation = schedule.get(request.method)
        if (deprecation === undefined) return done(null, payload)
        if (deprecation.links !== undefined && reply.getHeader('deprecation') === deprecation.deprecation) {
          reply.header('link', combineLinks(reply.getHeader('link'), deprecation.links))
        } else if (reply.statusCode === 405) {
          const body = retiredBody(payload, deprecation)
          if (body !== undefined) {
            // Fastify keeps a HEAD response's Content-Length as set: the one GET would get.
            reply.header('content-length', String(Buffer.byteLength(body)))
            return done(null, body)
          }
        }
        done(null, payload)
      }
      return { onRequest: deprecatedMethods, onSend: deprecationLinks }
    }
  }
}
