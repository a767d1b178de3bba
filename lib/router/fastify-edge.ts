import { createRequire } from 'node:module'
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest, LogLevel, preHandlerHookHandler } from 'fastify'
import { advertisedTypes, type BodyFormat } from '../model/body-formats'
import { FST_ERR_METHOD_NOT_ALLOWED_REGISTERED_LATE, FST_ERR_METHOD_NOT_ALLOWED_UNREADABLE_ROUTES } from '../errors'

/**
 * The one door to Fastify: every use of its internals, or of behaviour its
 * documentation does not promise, lives in this file, so that a Fastify or
 * find-my-way upgrade means auditing this file alone. Each function names the
 * Fastify source it relies on; test/router/fastify-edge.test.ts pins each assumption.
 */

export type Params = Record<string, string | undefined>

/** Fastify's router: the params of the route that serves `method path`, or null. */
export type RouteLookup = (method: string, path: string, constraints?: Record<string, unknown>) => Params | null

/**
 * fastify.findRoute() matches a concrete URL on the router that serves
 * requests. For a malformed URL or an over-long param it answers a pseudo-match
 * without searchParams (find-my-way's onBadUrl / onMaxParamLength handlers):
 * neither is a route.
 */
export function routeLookup (fastify: FastifyInstance): RouteLookup {
  return function lookup (method, path, constraints) {
    const route = fastify.findRoute({ method, url: path, constraints } as Parameters<FastifyInstance['findRoute']>[0])
    return route === null || route.searchParams === undefined ? null : route.params as Params
  }
}

/** Whether Fastify's router holds a route with exactly this pattern (hasRoute matches patterns, not URLs). */
export function routeExists (fastify: FastifyInstance, method: string, pattern: string, constraints: Record<string, unknown> | undefined): boolean {
  return fastify.hasRoute({ method, url: pattern, constraints } as Parameters<FastifyInstance['hasRoute']>[0])
}

/**
 * plugin-override.js creates an encapsulated context with Object.create(parent);
 * the root instance is an object literal. A plugin wrapped with fastify-plugin
 * runs in its parent's context, so inside one it is still the root.
 */
export function isRootInstance (fastify: FastifyInstance): boolean {
  return Object.getPrototypeOf(fastify) === Object.prototype
}

/** One route of Fastify's router, as find-my-way stores it. */
export interface RouteEntry {
  method: string
  /** The path as inserted, prefix included (`/v1/` beside `/v1` for a prefixed `/`). */
  pattern: string
  constraints: Record<string, unknown>
  /** The route's `config.methodNotAllowed`, the very value the app declared. */
  config: unknown
  /** The media types a request body of this route may have and reach its handler, sorted; the full media range when any may. */
  mediaTypes (): string[]
  /** Replaces the handler Fastify calls for this route. */
  wrapHandler (wrap: (handler: RouteHandler) => RouteHandler): void
  /** The names of the functions that run as the route's preSerialization hooks, the app's included. */
  preSerialization (): string[]
  /** The instance (encapsulation context) the route was declared in. */
  server: object
  /** The route's `config`, as the app declared it. */
  routeConfig: Record<string, unknown>
  /**
   * Puts the hook `make` returns right after the first function named `name`
   * among the route's request hooks, in that one's list, unless a function of
   * the same name follows already (methods declared together share their
   * hooks); the lifecycle it was found in, or undefined where none has that name.
   */
  addHookAfter (name: string, make: (lifecycle: RequestLifecycle) => RequestHook): RequestLifecycle | undefined
  /**
   * The same among the preHandler hooks of the not-found handler that
   * `reply.callNotFound()` hands the route's requests to: the only hooks it
   * runs (reply.js notFound). Shared by every route of its prefix.
   */
  addNotFoundHookAfter (name: string, make: (lifecycle: RequestLifecycle) => RequestHook): RequestLifecycle | undefined
}

/** The lifecycle hooks that run before the handler, in their order. */
export const requestLifecycles = ['onRequest', 'preParsing', 'preValidation', 'preHandler'] as const
export type RequestLifecycle = typeof requestLifecycles[number]
/** A request hook: preParsing's take the payload stream as third argument (hooks.js preParsingHookRunner). */
export type RequestHook = (...args: any[]) => void

export type RouteHandler = (request: FastifyRequest, reply: FastifyReply) => unknown

interface StoredRoute {
  method: string
  path: string
  // route.js inserts every route with `{ constraints: opts.constraints || {} }`.
  opts: { constraints: Record<string, unknown> }
  // Fastify's route Context (route.js: `new Context({ ... config, handler })`),
  // whose handler handle-request.js calls as `context.handler(request, reply)`.
  store: {
    config?: { methodNotAllowed?: unknown } & Record<string, unknown>
    handler: RouteHandler
    schema?: { body?: unknown }
    contentTypeParser: ContentTypeParsers
    // context.js: the instance (encapsulation context) the route was declared in.
    server: FastifyInstance
    // route.js sets each lifecycle hook of the context on avvio's preReady,
    // the instance's hooks first, each bound to the instance: null when none.
    // hooks.js runs them from these arrays, by index, on each request.
    preSerialization?: Array<{ name: string }> | null
  } & { [lifecycle in RequestLifecycle]: RequestHook[] | null }
}

/**
 * content-type-parser.js: a context's parsers. `parserList` names the string
 * parsers (normalised by content-type.js: lowercase, parameters as `k="v"`),
 * `parserRegExpList` the RegExp ones (latest first); `customParsers` maps
 * each name, each RegExp's toString() and '' (the catch-all `*`) to a parser.
 */
interface ContentTypeParsers {
  parserList: string[]
  parserRegExpList: RegExp[]
  customParsers: Map<string, BodyParser>
}

// content-type-parser.js Parser: `asString` when declared with parseAs: 'string'.
interface BodyParser { asString: boolean, fn: unknown }

/**
 * Every route of Fastify's router, including routes declared before the plugin
 * and the copies Fastify inserts itself (HEAD for GET, `/v1/` beside `/v1`):
 * onRoute misses the former and reports only some of the latter.
 *
 * Fastify has no route listing. printRoutes() hands its options object to
 * find-my-way's prettyPrint (fastify.js printRoutes), which assigns
 * `options.buildPrettyMeta` and then calls it with each stored route
 * (find-my-way lib/pretty-print.js getRouteMetaData). An accessor that ignores
 * the assignment receives the routes. Read once per method, at ready.
 */
export function readRoutes (fastify: FastifyInstance, methods: readonly string[]): RouteEntry[] {
  const entries: RouteEntry[] = []
  for (const method of methods) {
    const routes: StoredRoute[] = []
    const options = { method, includeMeta: true }
    Object.defineProperty(options, 'buildPrettyMeta', {
      get: () => (route: StoredRoute) => { routes.push(route); return {} },
      set: () => {}
    })
    const printed = fastify.printRoutes(options)
    if (routes.length === 0 && printed !== '(empty tree)') throw new FST_ERR_METHOD_NOT_ALLOWED_UNREADABLE_ROUTES()
    for (const route of routes) {
      // prettyPrint stored our metadata on the router's own route object.
      // Deleting the property it added last takes the object back to its
      // shape, rather than keeping a property store per route (1.6 MB for
      // 10,000 routes, benchmarks/memory.js).
      delete (route as { metaData?: unknown }).metaData
      const store = route.store
      entries.push({
        method: route.method,
        pattern: route.path,
        constraints: route.opts.constraints,
        config: store.config?.methodNotAllowed,
        mediaTypes: () => mediaTypes(store),
        wrapHandler (wrap) { store.handler = wrap(store.handler) },
        // A bound function is named `bound <name>` (ECMA-262 Function.prototype.bind).
        preSerialization: () => (store.preSerialization ?? []).map(hook => hook.name.replace(/^bound /, '')),
        server: store.server,
        // route.js gives every route a config: its url and method at least.
        routeConfig: store.config as Record<string, unknown>,
        addHookAfter: (name, make) => addHookAfter(store, requestLifecycles, name, make),
        addNotFoundHookAfter: (name, make) => addHookAfter(notFoundContext(store), ['preHandler'], name, make)
      })
    }
  }
  return entries
}

type HookLists = { [lifecycle in RequestLifecycle]: RequestHook[] | null }

function addHookAfter (context: HookLists, lifecycles: readonly RequestLifecycle[], name: string, make: (lifecycle: RequestLifecycle) => RequestHook): RequestLifecycle | undefined {
  const bound = `bound ${name}`
  for (const lifecycle of lifecycles) {
    const hooks = context[lifecycle]
    if (hooks === null) continue
    // route.js and four-oh-four.js bind every hook to its instance.
    const at = hooks.findIndex(hook => hook.name === bound)
    if (at === -1) continue
    const hook = make(lifecycle)
    if (hooks[at + 1]?.name !== hook.name) hooks.splice(at + 1, 0, hook)
    return lifecycle
  }
  return undefined
}

// context.js keeps a route's not-found context under the private symbol
// kFourOhFourContext; four-oh-four.js setContext makes it an object whose
// prototype is the live context of the route's prefix, so the hook lists it
// reads are those that context's preReady sets.
const notFoundSymbol = 'fastify.404ContextKey'

const noHooks: HookLists = { onRequest: null, preParsing: null, preValidation: null, preHandler: null }

function notFoundContext (store: StoredRoute['store']): HookLists {
  const key = Object.getOwnPropertySymbols(store).find(symbol => symbol.description === notFoundSymbol)
  // Every supported Fastify has it (test/router/fastify-edge.test.ts); without it, nothing is added.
  /* c8 ignore next */
  if (key === undefined) return noHooks
  return (store as unknown as Record<symbol, HookLists>)[key]
}

/**
 * What a route's body may be (lib/ready/accept-body.ts decides which of these to
 * advertise). With `schema.body.content`, its keys, each validated by its own
 * schema (validation.js picks it by the request's media type), when a parser
 * reads them; otherwise every parser of the route's context, validated by
 * `schema.body` if any.
 */
function mediaTypes (store: StoredRoute['store']): string[] {
  const parsers = store.contentTypeParser
  const server = store.server
  const body = store.schema?.body
  // validation.js: a truthy `content` holds one schema per media type.
  const content = (body as { content?: unknown } | null | undefined)?.content
  const format = (mediaType: string, parser: BodyParser, schema: unknown): BodyFormat => ({
    mediaType,
    // fastify.defaultTextParser is Fastify's own text/plain parser; parseAs: 'string' hands it the body as a string.
    text: parser.fn === server.defaultTextParser && parser.asString,
    schema
  })
  const shared = (id: string): unknown => (server.getSchemas() as Record<string, unknown>)[id]

  if (Object(content) === content) {
    const named: BodyFormat[] = []
    for (const [key, entry] of Object.entries(content as Record<string, { schema: unknown }>)) {
      if (!typePair.test(key)) continue
      const parser = parserFor(parsers, key.toLowerCase())
      if (parser !== undefined) named.push(format(key, parser, entry.schema))
    }
    return advertisedTypes({ named, unnamed: [], catchAll: undefined, shared })
  }

  const named = parsers.parserList.map(name => format(name, parsers.customParsers.get(name) as BodyParser, body))
  const unnamed = parsers.parserRegExpList.map(pattern => format(String(pattern), parsers.customParsers.get(String(pattern)) as BodyParser, body))
  const catchAll = parsers.customParsers.get('')
  return advertisedTypes({ named, unnamed, catchAll: catchAll === undefined ? undefined : format('*/*', catchAll, body), shared })
}

// RFC 9110 §8.3.1: type "/" subtype, each a token. validation.js looks a body
// schema up by the request's bare media type, so a key with parameters never applies.
const typePair = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/**
 * The parser content-type-parser.js getParser picks for a request whose
 * Content-Type is exactly `mediaType` (a lowercase `type/subtype`): the one
 * registered under that name, else the first RegExp that matches it, else the
 * catch-all.
 */
function parserFor (parsers: ContentTypeParsers, mediaType: string): BodyParser | undefined {
  const named = parsers.customParsers.get(mediaType)
  if (named !== undefined) return named
  for (const pattern of parsers.parserRegExpList) {
    // A g or y flag keeps lastIndex between calls; getParser resets it before each test too.
    pattern.lastIndex = 0
    const matched = pattern.test(mediaType)
    pattern.lastIndex = 0
    if (matched) return parsers.customParsers.get(String(pattern))
  }
  return parsers.customParsers.get('')
}

export interface MatchingOptions {
  caseSensitive: boolean
  ignoreTrailingSlash: boolean
  ignoreDuplicateSlashes: boolean
  useSemicolonDelimiter: boolean
  maxParamLength: number
}

const matchingDefaults: MatchingOptions = {
  caseSensitive: true,
  ignoreTrailingSlash: false,
  ignoreDuplicateSlashes: false,
  useSemicolonDelimiter: false,
  maxParamLength: 100
}

type InitialConfig = Partial<MatchingOptions> & { routerOptions?: Partial<MatchingOptions> }

// fastify.js keeps the options it built its router with, both forms already
// merged by route.js buildRouterOptions, under its private kOptions symbol.
const optionsSymbol = 'fastify.options'

function builtRouterOptions (fastify: object): Partial<MatchingOptions> | undefined {
  for (let level: object | null = fastify; level !== null; level = Object.getPrototypeOf(level)) {
    for (const symbol of Object.getOwnPropertySymbols(level)) {
      if (symbol.description === optionsSymbol) {
        return (level as Record<symbol, { routerOptions?: Partial<MatchingOptions> } | undefined>)[symbol]?.routerOptions
      }
    }
  }
  return undefined
}

/**
 * The matching options Fastify's router runs with, for the private routers
 * that must match as it does. `initialConfig` fills defaults into both
 * `routerOptions` and the deprecated top level, so it cannot tell an explicit
 * `routerOptions: { ignoreTrailingSlash: false }` (which wins) from a default
 * (test/fastify/router-options.test.ts). Without the private symbol, a non-default
 * value in `routerOptions` wins and the top level decides otherwise.
 */
export function matchingOptions (fastify: FastifyInstance): MatchingOptions {
  const resolved = { ...matchingDefaults }
  const built = builtRouterOptions(fastify)
  const config = fastify.initialConfig as InitialConfig
  for (const key of Object.keys(matchingDefaults) as Array<keyof MatchingOptions>) {
    let value: boolean | number | undefined
    if (built !== undefined) {
      value = built[key]
    } else {
      const fromRouter = config.routerOptions?.[key]
      value = fromRouter !== undefined && fromRouter !== matchingDefaults[key] ? fromRouter : config[key]
    }
    if (value !== undefined) (resolved as Record<string, unknown>)[key] = value
  }
  return resolved
}

type NotFoundOptions = { preHandler?: preHandlerHookHandler | preHandlerHookHandler[] } & Record<string, unknown>
type SetNotFoundHandler = (this: FastifyInstance, opts?: unknown, handler?: unknown) => FastifyInstance

/**
 * Puts `onNotFound` last among the preHandler hooks of every not-found handler:
 * the default one, and each one set later at any prefix. Being a hook of the
 * not-found context only, it costs matched routes nothing, and it runs after
 * the app's own hooks (CORS, auth, rate limits) and before the app's 404 handler.
 */
export function coverNotFoundHandlers (fastify: FastifyInstance, onNotFound: preHandlerHookHandler): void {
  const original = fastify.setNotFoundHandler as unknown as SetNotFoundHandler

  function withDecision (opts: unknown): NotFoundOptions {
    const own = (opts !== null && typeof opts === 'object' ? opts : {}) as NotFoundOptions
    const preHandler = own.preHandler === undefined ? [] : Array.isArray(own.preHandler) ? own.preHandler : [own.preHandler]
    return { ...own, preHandler: [...preHandler, onNotFound] }
  }

  // Children created by register() inherit this through their prototype.
  const cover: SetNotFoundHandler = function setNotFoundHandler (opts, handler) {
    return typeof opts === 'function'
      ? original.call(this, withDecision(undefined), opts)
      : original.call(this, withDecision(opts), handler)
  }
  ;(fastify as unknown as { setNotFoundHandler: SetNotFoundHandler }).setNotFoundHandler = cover

  // Without a handler, four-oh-four.js attaches the hooks to the default 404
  // and leaves the slot free for the app. It throws when the app already took
  // the slot: that handler was built without our hook, and missing its 405s
  // silently is worse.
  try {
    original.call(fastify, withDecision(undefined))
  } catch {
    throw new FST_ERR_METHOD_NOT_ALLOWED_REGISTERED_LATE('/')
  }
}

/**
 * Fastify's default error handler logs every 5xx with `reply.log.error`
 * (log-controller.js defaultErrorLog). For this reply only, that call logs at
 * `level`; the rest of the logger is the request's own.
 */
export function logErrorsAt (reply: FastifyReply, level: LogLevel): void {
  const log = reply.log
  const at = level === 'silent' ? silent : log[level].bind(log)
  reply.log = Object.create(log, { error: { value: at } })
}

function silent (): void {}

/**
 * Whether a logger prints lines at `level`, so that a line nobody sees is not
 * built. pino, Fastify's logger, says so itself (a route's `logLevel` makes a
 * child at its own level). Any other logger is taken to print, except
 * Fastify's logger of logging off (below).
 */
export function printsAt (level: Exclude<LogLevel, 'silent'>): (log: FastifyBaseLogger) => boolean {
  const nothing = nullLoggerPrototype()
  return function prints (log) {
    const { isLevelEnabled } = log as { isLevelEnabled?: (level: string) => boolean }
    return typeof isLevelEnabled === 'function' ? isLevelEnabled.call(log, level) : Object.getPrototypeOf(log) !== nothing
  }
}

/**
 * With logging off (Fastify's default), logger-factory.js gives the instance
 * an abstract-logging object, whose methods do nothing and whose child is
 * itself: every request's logger prints nothing. Recognised by its prototype,
 * from the abstract-logging that Fastify itself loads.
 */
export function isLoggingOff (fastify: FastifyInstance): boolean {
  return Object.getPrototypeOf(fastify.log) === nullLoggerPrototype()
}

function nullLoggerPrototype (): object | undefined {
  try {
    const fastifyRequire = createRequire(require.resolve('fastify'))
    return Object.getPrototypeOf(fastifyRequire('abstract-logging')) as object
  /* c8 ignore next 3: a Fastify that no longer loads abstract-logging; its loggers are then asked to print */
  } catch {
    return undefined
  }
}
