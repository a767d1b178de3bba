import type { FastifyReply, FastifyRequest, LogLevel, onRequestHookHandler, preHandlerHookHandler } from 'fastify'
import { formatAllow } from '../model/allow'
import type { Deprecation, DeprecationHooks, Schedule } from '../model/deprecation'
import type { RouteTable } from '../model/table'
import { logErrorsAt, type RouteHandler } from '../router/fastify-edge'
import { retiredBody } from '../router/fastify-error'
import { createResolutionCache, defaultLimits, type CachedMatcher } from './cache'
import { decide, type Facts, type Place, type Verdict } from './decide'
import { pathOf, type Matcher, type Resolution } from './matcher'
import { combineLinks, methodNotAllowed, notImplemented, retiredMethod, sendOptions } from './responder'

export interface HookSettings {
  /** The route table: final from onReady on. */
  table: () => RouteTable
  resolve: Matcher
  now: () => number
  /** The level Fastify's error log of a 501 runs at. */
  notImplementedLogLevel: LogLevel
}

export interface Hooks {
  /** preHandler of every not-found handler: the only place the plugin works per request. */
  onNotFound: preHandlerHookHandler
  /** The handler of an OPTIONS route that `*` reaches: answers `OPTIONS *` in its place. */
  asteriskOrRoute (handler: RouteHandler): RouteHandler
  /** onRequest of each route when `allowOnSuccess` is on. */
  allowOnSuccess: onRequestHookHandler
  /** fastify.allowedMethods(): the Allow list the plugin would send for a URL, for this request's constraint values; [] where it answers 404. */
  allowedMethods (url: string, request?: FastifyRequest): string[]
  /** What a CORS preflight may announce (lib/integrations/cors.ts): the Allow list where the URL is a resource or served by an OPTIONS route of the app's own; [] elsewhere. */
  preflightMethods (url: string, request: FastifyRequest): string[]
  /** The hooks of a route that deprecates some of its methods. */
  deprecated (schedule: Schedule): DeprecationHooks
}

/**
 * The facts of one request, for lib/request/decide.ts. Those that cost a
 * lookup are methods, asked only when the verdict needs them: most unknown
 * URLs cost one Map lookup (candidatesFor), and a method routed nowhere no
 * hidden-route walk.
 */
class RequestFacts implements Facts {
  /** The path the resolution was asked for, and the request's constraint values then. */
  path = ''
  derived: Record<string, unknown> | undefined = undefined

  constructor (
    readonly at: Place,
    readonly method: string,
    readonly url: string,
    readonly supported: boolean,
    readonly deprecation: Deprecation | undefined,
    readonly request: FastifyRequest | undefined,
    readonly known: RouteTable,
    private readonly settings: HookSettings,
    private readonly cached: CachedMatcher
  ) {}

  now (): number {
    return this.settings.now()
  }

  isHidden (): boolean {
    return this.known.isHidden(this.url)
  }

  resolution (): Resolution | undefined {
    const { known, request } = this
    const path = this.path = pathOf(this.url)
    if (this.at !== 'not-found') {
      // Every method the URL serves, for this request's constraint values (none asked of a bare allowedMethods(url)).
      const derived = this.derived = request === undefined ? undefined : known.constraints.derive(request)
      return this.settings.resolve(known.candidates, path, this.at === 'route' ? this.method : '', derived)
    }
    // Most unknown URLs match no route at all: one Map lookup instead of one router lookup per method.
    const candidates = known.candidatesFor(path)
    if (candidates === undefined) return undefined
    const derived = this.derived = known.constraints.derive(request as FastifyRequest)
    // Without constraint values the answer depends on the path and the method
    // alone, and on the clock only across a sunset: remembered, so a repeated 405 or 404 skips the router.
    return derived === undefined
      ? this.cached(known, candidates, path, this.method)
      : this.settings.resolve(candidates, path, this.method, derived)
  }

  routedElsewhere (): boolean {
    return this.known.constraints.routedElsewhere(this.method, this.path)
  }
}

/** Thin adapters: they gather the facts, ask decide() and carry out its verdict. */
export function createHooks (settings: HookSettings): Hooks {
  const { table, notImplementedLogLevel } = settings
  const cached = createResolutionCache(settings.resolve, defaultLimits, settings.now)

  function factsOf (at: Place, request: FastifyRequest, known: RouteTable, deprecation?: Deprecation): RequestFacts {
    const method = request.method
    return new RequestFacts(at, method, request.url, known.supported.has(method), deprecation, request, known, settings, cached)
  }

  /** The Allow list a 405 at `url` would send, or undefined where the URL answers 404. */
  function listFor (at: 'list' | 'preflight', url: string, request: FastifyRequest | undefined): readonly string[] | undefined {
    const known = table()
    const verdict = decide(new RequestFacts(at, '', url, true, undefined, request, known, settings, cached), known.rules)
    return verdict.act === 'list' ? verdict.answer.allow : undefined
  }

  /** Carries out a verdict; `done` goes on with the request, or hands Fastify the error to send. */
  function carryOut (verdict: Verdict, facts: RequestFacts, reply: FastifyReply, done: (error?: Error) => void): void {
    switch (verdict.act) {
      case 'pass':
        return done()
      case 'options':
        if (verdict.acceptBody) facts.known.acceptBody(reply, verdict.answer.allow, facts.path, facts.derived)
        return sendOptions(reply, verdict.answer.header)
      case 'not-allowed':
        return done(methodNotAllowed(reply, facts.method, facts.url, verdict.resolution))
      case 'not-implemented':
        // A client's probe, not a server fault: Fastify would log any 5xx as an error.
        if (notImplementedLogLevel !== 'error') logErrorsAt(reply, notImplementedLogLevel)
        return done(notImplemented(facts.method))
      case 'deprecated':
        for (const [name, value] of verdict.deprecation.headers) reply.header(name, value)
        return done()
      case 'retired':
        return done(retiredMethod(reply, verdict.deprecation, facts.url, verdict.resolution.allow))
      case 'not-found':
        reply.callNotFound()
        return
      // A list answers allowedMethods(), never a request.
      /* c8 ignore next 2 */
      case 'list':
        return done()
    }
  }

  function methodNotAllowedOnNotFound (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void {
    const known = table()
    const facts = factsOf('not-found', request, known)
    carryOut(decide(facts, known.rules), facts, reply, done)
  }

  function asteriskOrRoute (handler: RouteHandler): RouteHandler {
    return function optionsOrAsterisk (request, reply) {
      const known = table()
      // One context may serve several methods (`route({ method: ['GET', 'OPTIONS'] })`).
      // The target as received (request.url would be the rewritten one): an
      // incoming request's url is always set (Node's http.IncomingMessage).
      const facts = new RequestFacts('root-options', request.method, request.raw.url as string, true, undefined, request, known, settings, cached)
      const verdict = decide(facts, known.rules)
      if (verdict.act === 'pass') return handler(request, reply)
      return carryOut(verdict, facts, reply, passOn)
    }
  }

  function allowOnSuccess (request: FastifyRequest, reply: FastifyReply, done: () => void): void {
    // RFC 9110 §10.2.1: Allow on success says what the 405 and the
    // automatic OPTIONS of the same URL would say, or nothing.
    const allow = listFor('list', request.url, request)
    if (allow !== undefined && allow.length > 0) reply.header('allow', formatAllow(allow))
    done()
  }

  function deprecated (schedule: Schedule): DeprecationHooks {
    function deprecatedMethods (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void {
      const known = table()
      const facts = factsOf('route', request, known, schedule.get(request.method))
      carryOut(decide(facts, known.rules), facts, reply, done)
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

  return {
    onNotFound: methodNotAllowedOnNotFound,
    asteriskOrRoute,
    allowOnSuccess,
    allowedMethods: (url, request) => listFor('list', url, request)?.slice() ?? [],
    preflightMethods: (url, request) => listFor('preflight', url, request)?.slice() ?? [],
    deprecated
  }
}

// The only verdict a route handler carries out sends the answer itself.
/* c8 ignore next */
function passOn (): void {}
