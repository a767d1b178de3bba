import type { FastifyReply, FastifyRequest, LogLevel, onRequestHookHandler, preHandlerHookHandler } from 'fastify'
import type { Answer } from '../model/allow'
import type { Deprecation, DeprecationHooks, Schedule } from '../model/deprecation'
import type { RouteTable } from '../model/table'
import { logErrorsAt, type RouteHandler } from '../router/fastify-edge'
import { retiredBody } from '../router/fastify-error'
import { createResolutionCache, defaultLimits, type CachedMatcher } from './cache'
import { decide, type Facts, type Place, type Verdict } from './decide'
import { pathOf, type Matcher, type Resolution } from './matcher'
import type { CallReporter } from './deprecated-calls'
import { combineLinks, methodNotAllowed, notImplemented, retiredMethod, sendOptions } from './responder'

export interface HookSettings {
  /** The route table: final from onReady on. */
  table: () => RouteTable
  resolve: Matcher
  now: () => number
  /** The level Fastify's error log of a 501 runs at. */
  notImplementedLogLevel: LogLevel
  /** Told of each call of a deprecated or retired method (lib/request/deprecated-calls.ts). */
  reportCall?: CallReporter | undefined
  /** With the `hints` option: what a 405 message ends with (lib/ready/hints.ts). */
  hint?: (method: string, url: string) => string
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
  /** What a CORS preflight may announce (lib/integrations/cors.ts): the Allow list where the URL is a resource or served by an OPTIONS route of the app's own; undefined where it is empty. */
  preflightAnswer (url: string, request: FastifyRequest): Answer | undefined
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
    // A preflight asks what the not-found path would list, and as often.
    if (this.at !== 'not-found' && this.at !== 'preflight') {
      // Every method the URL serves, for this request's constraint values (none asked of a bare allowedMethods(url)).
      const derived = this.derived = request === undefined ? undefined : known.constraints.derive(request)
      return this.settings.resolve(known.candidates, path, this.at === 'route' ? this.method : '', derived)
    }
    // Most unknown URLs match no route at all: one Map lookup instead of one router lookup per method.
    const candidates = known.candidatesFor(path)
    // A preflight's URL may be one that only an OPTIONS route serves, which makes no resource.
    if (candidates === undefined && this.at !== 'preflight') return undefined
    const derived = this.derived = known.constraints.derive(request as FastifyRequest)
    if (candidates === undefined) return this.settings.resolve(known.candidates, path, '', derived)
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
  const { table, notImplementedLogLevel, hint } = settings
  const cached = createResolutionCache(settings.resolve, defaultLimits, settings.now)

  function factsOf (at: Place, request: FastifyRequest, known: RouteTable, deprecation?: Deprecation): RequestFacts {
    const method = request.method
    return new RequestFacts(at, method, request.url, known.supported.has(method), deprecation, request, known, settings, cached)
  }

  /** The Allow list a 405 at `url` would send, or undefined where the URL answers 404. */
  function listFor (at: 'list' | 'preflight', url: string, request: FastifyRequest | undefined): Answer | undefined {
    const known = table()
    const verdict = decide(new RequestFacts(at, '', url, true, undefined, request, known, settings, cached), known.rules)
    return verdict.act === 'list' ? verdict.answer : undefined
  }

  // Carrying out a verdict is split by where it was decided: each carrier
  // stays small enough for V8 to inline into its hook, and then a 405 or an
  // automatic OPTIONS allocates neither the facts nor the verdict
  // (benchmarks/icount.js; one switch over every verdict cost 4% of an OPTIONS).

  /** The not-found path and an OPTIONS route at the root: `done` goes on with the request, or hands Fastify the error to send. */
  function answerUnrouted (verdict: Verdict, facts: RequestFacts, reply: FastifyReply, done: (error?: Error) => void): void {
    switch (verdict.act) {
      case 'options':
        if (verdict.acceptBody) facts.known.acceptBody(reply, verdict.answer.allow, facts.path, facts.derived)
        return sendOptions(reply, verdict.answer.header)
      case 'not-allowed':
        return done(methodNotAllowed(reply, facts.method, facts.url, verdict.resolution, hint))
      case 'not-implemented':
        // A client's probe, not a server fault: Fastify would log any 5xx as an error.
        if (notImplementedLogLevel !== 'error') logErrorsAt(reply, notImplementedLogLevel)
        return done(notImplemented(facts.method))
      // 'pass': decide() gives these places no other verdict (test/unit/decide.test.ts).
      default:
        return done()
    }
  }

  /** A route that deprecates some of its methods. */
  function answerRoute (verdict: Verdict, facts: RequestFacts, reply: FastifyReply, done: (error?: Error) => void): void {
    switch (verdict.act) {
      case 'deprecated': {
        // Indexed: taking each pair apart through the iterator protocol cost 1.4% of a matched call (benchmarks/icount.js).
        const headers = verdict.deprecation.headers
        for (let i = 0; i < headers.length; i++) reply.header(headers[i][0], headers[i][1])
        return done()
      }
      case 'retired':
        return done(retiredMethod(reply, verdict.deprecation, facts.url, verdict.resolution.allow))
      case 'not-found':
        reply.callNotFound()
        return
      // 'pass': decide() gives a route no other verdict (test/unit/decide.test.ts).
      default:
        return done()
    }
  }

  function methodNotAllowedOnNotFound (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void {
    const known = table()
    const facts = factsOf('not-found', request, known)
    answerUnrouted(decide(facts, known.rules), facts, reply, done)
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
      return answerUnrouted(verdict, facts, reply, passOn)
    }
  }

  function allowOnSuccess (request: FastifyRequest, reply: FastifyReply, done: () => void): void {
    // RFC 9110 §10.2.1: Allow on success says what the 405 and the
    // automatic OPTIONS of the same URL would say, or nothing.
    const answer = listFor('list', request.url, request)
    if (answer !== undefined && answer.allow.length > 0) reply.header('allow', answer.header)
    done()
  }

  function deprecated (schedule: Schedule): DeprecationHooks {
    function deprecatedMethods (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void {
      const known = table()
      const deprecation = schedule.get(request.method)
      if (deprecation !== undefined) settings.reportCall?.(request, deprecation)
      const facts = factsOf('route', request, known, deprecation)
      answerRoute(decide(facts, known.rules), facts, reply, done)
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
    allowedMethods: (url, request) => listFor('list', url, request)?.allow.slice() ?? [],
    preflightAnswer (url, request) {
      const answer = listFor('preflight', url, request)
      return answer === undefined || answer.allow.length === 0 ? undefined : answer
    },
    deprecated
  }
}

// The only verdict a route handler carries out sends the answer itself.
/* c8 ignore next */
function passOn (): void {}
