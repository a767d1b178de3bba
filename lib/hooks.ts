import type { FastifyRequest, onRequestHookHandler, preHandlerHookHandler, RouteHandlerMethod } from 'fastify'
import type { Constraints } from './constraints'
import type { HiddenRoutes } from './hidden-routes'
import { createResolutionCache, withAnswer } from './cache'
import type { Matcher, RouteLookup } from './matcher'
import type { MethodTable } from './methods'
import type { ResolvedOptions } from './options'
import { formatAllow, methodNotAllowed, notImplemented, sendOptions } from './responder'

export interface HookSettings {
  options: ResolvedOptions
  table: () => MethodTable
  asteriskAllow: () => string[]
  resolve: Matcher
  lookup: RouteLookup
  hidden: HiddenRoutes
  constraints: Constraints
}

export interface Hooks {
  /** preHandler of every not-found handler: the only place the plugin works per request. */
  onNotFound: preHandlerHookHandler
  /** Handler for `OPTIONS *` when an OPTIONS route at the root would receive it. */
  answerAsterisk: RouteHandlerMethod
  /** onRequest of each route when `allowOnSuccess` is on. */
  allowOnSuccess: onRequestHookHandler
}

export function createHooks (settings: HookSettings): Hooks {
  const { options, table, asteriskAllow, resolve, lookup, hidden, constraints } = settings
  const { autoOptions } = options
  const cached = createResolutionCache(resolve)

  function allowFor (request: FastifyRequest): string[] {
    return resolve(table().sorted, request.url, '', constraints.derive(request)).allow
  }

  return {
    onNotFound: function methodNotAllowedOnNotFound (request, reply, done) {
      const method = request.method
      const url = request.url
      if (url === '*' && method === 'OPTIONS' && autoOptions) {
        sendOptions(reply, asteriskAllow())
        return
      }
      // Hidden routes keep their secret: not even a 501 tells that the URL exists.
      if (hidden.matches(url)) return done()

      const { sorted, supported } = table()
      if (!supported.has(method)) return options.notImplemented ? done(notImplemented(method)) : done()
      // The asterisk-form is only meaningful for OPTIONS (RFC 9110 §7.1).
      if (url === '*') return done()

      const derived = constraints.derive(request)
      // Without constraint values the answer depends on the path and the method
      // alone: remembered, so a repeated 405 or 404 skips the router (issue 3).
      const resolution = derived === undefined
        ? cached(sorted, url, method)
        : withAnswer(resolve(sorted, url, method, derived))
      if (!resolution.resource) return done()
      if (method === 'OPTIONS' && autoOptions && !resolution.ownOptions) {
        sendOptions(reply, resolution.allow, resolution.header)
        return
      }
      // The method is routed here after all: a handler called callNotFound(), or
      // a version or host constraint did not match. Either way, Fastify's 404 stands.
      if (resolution.selfMatched || constraints.routedElsewhere(method, url, lookup)) return done()
      done(methodNotAllowed(reply, method, url, resolution))
    },

    answerAsterisk: function answerAsterisk (_request, reply) {
      sendOptions(reply, asteriskAllow())
    },

    allowOnSuccess: function allowOnSuccess (request, reply, done) {
      // A hidden route's methods stay unlisted, even beside a visible route.
      if (!hidden.matches(request.url)) reply.header('allow', formatAllow(allowFor(request)))
      done()
    }
  }
}
