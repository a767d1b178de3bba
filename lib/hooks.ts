import type { FastifyReply, FastifyRequest, onRequestHookHandler, preHandlerHookHandler } from 'fastify'
import { formatAllow } from './allow'
import { createResolutionCache } from './cache'
import { afterLookup, ASTERISK, beforeLookup, LOOKUP, NOT_ALLOWED, NOT_IMPLEMENTED, OPTIONS } from './decision'
import { logErrorsAt, type RouteLookup } from './fastify-edge'
import { pathOf, type Matcher } from './matcher'
import type { ResolvedOptions } from './options'
import type { Schedule } from './deprecation'
import { methodNotAllowed, notImplemented, retiredMethod, sendOptions } from './responder'
import type { RouteTable } from './route-table'

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
  /** onRequest of a route that deprecates some of its methods. */
  deprecated (schedule: Schedule): onRequestHookHandler
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
      return function deprecatedMethods (request, reply, done) {
        const deprecation = schedule.get(request.method)
        if (deprecation === undefined) return done()
        if (deprecation.retiresAt > now()) {
          for (const [name, value] of deprecation.headers) reply.header(name, value)
          return done()
        }
        // Retired: the route no longer serves this method; the URL's other methods say so.
        const known = table()
        const resolution = resolve(known.candidates, pathOf(request.url), request.method, known.constraints.derive(request))
        done(retiredMethod(reply, deprecation, request.url, resolution.allow))
      }
    }
  }
}
