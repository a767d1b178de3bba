import type { FastifyInstance, FastifyPluginCallback, FastifyRequest, LogLevel } from 'fastify'
import type { FastifyError, FastifyErrorConstructor } from '@fastify/error'
import type { TObject, TOptional, TBoolean, TUnion, TArray, TString, TLiteral, TFunction, TNumber, TRecord, TUnsafe, TVoid } from '@sinclair/typebox'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * The sorted Allow list the plugin would send for this URL; empty for an
     * unknown URL. With a request, for that request's Host and Accept-Version.
     */
    allowedMethods (url: string, request?: FastifyRequest): string[]
    /**
     * Per visible route pattern, what its 405 and automatic OPTIONS say: the
     * Allow list, deprecated and retired methods, Accept-Patch and Accept-Post.
     * Sorted JSON, for snapshots and for `fastify-method-not-allowed/check`.
     * Call it after ready(): until then routes may still be added.
     */
    methodSurface (): fastifyMethodNotAllowed.MethodSurface
  }
  interface FastifyContextConfig {
    /**
     * `false`: URLs matched by this route never get 405, 501 or automatic OPTIONS.
     * `true`: the default. `{ allow }`: the methods of this route that are served;
     * the others answer 405. `{ deprecated }`: methods on their way out.
     */
    methodNotAllowed?: fastifyMethodNotAllowed.MethodNotAllowedRouteConfig
  }
}

type FastifyMethodNotAllowed = FastifyPluginCallback<fastifyMethodNotAllowed.FastifyMethodNotAllowedOptions>

declare namespace fastifyMethodNotAllowed {
  export interface FastifyMethodNotAllowedOptions {
    /** Answer OPTIONS for known URLs and `OPTIONS *`, and list OPTIONS in every Allow. Default true. */
    autoOptions?: boolean
    /** Answer 501 to methods Fastify does not route at all. Default true. */
    notImplemented?: boolean
    /** Send Allow on responses of matched routes too. Default false. */
    allowOnSuccess?: boolean
    /** Let root catch-all routes (`/*`, `*`) make every URL a resource. Default false. */
    catchAllIsResource?: boolean
    /** For development: a 405 message also names the nearest visible URL pattern serving the method. Default false. */
    hints?: boolean
    /** The level at which a 501 is logged. Default 'info'; 'error' is Fastify's own choice for a 5xx. */
    notImplementedLogLevel?: LogLevel
    /** Milliseconds since the epoch, for the sunsets of deprecated methods. Default Date.now. */
    clock?: () => number
    /** The level of the line request.log writes for each call of a deprecated or retired method. Default 'warn'; 'silent' writes none. */
    deprecatedCallLogLevel?: LogLevel
    /** Called for each call of a deprecated or retired method, with the facts the log line carries: for metrics. */
    onDeprecatedCall?: (call: DeprecatedCall, request: FastifyRequest) => void
  }

  /** One call of a deprecated or retired method: the log line's `deprecatedCall` and onDeprecatedCall's argument. */
  export interface DeprecatedCall {
    /** The request's method. */
    method: string
    /** The request target, query included. */
    url: string
    /** The route's pattern (request.routeOptions.url). */
    route: string
    /** Whether the method is retired by now (the request gets a 405, or the 404 of a URL no route serves). */
    retired: boolean
    /** As configured: the Deprecation date, the sunset, the method to use instead, the link. */
    since?: string | undefined
    sunset?: string | undefined
    use?: string | undefined
    link?: string | undefined
    /** The User-Agent header, if the request sent one. */
    userAgent?: string | undefined
  }

  /**
   * An RFC 9457 problem details object for a 405 or 501 of this plugin, to
   * send as `application/problem+json`. `type` is about:blank: the status
   * code says what the problem is (RFC 9457 §4.2.1), and the extension
   * members say what the client can do next.
   */
  export interface ProblemDetails {
    type: 'about:blank'
    /** The status code's reason phrase. */
    title: string
    status: 405 | 501
    /** The error's message. */
    detail: string
    /** The request target, percent-encoded where it holds characters a URI reference cannot. */
    instance: string
    /** 405: the methods the resource supports (the Allow header as a list). */
    allow?: string[]
    /** A retired method: its sunset, as configured. */
    sunset?: string
    /** A retired method: the method to use instead. */
    use?: string
    /** A retired method: where its deprecation is explained. */
    link?: string
  }

  /**
   * The RFC 9457 problem details of a 405 or 501 this plugin sent; undefined
   * for any other error, which the handler answers its own way.
   */
  export function problemDetails (error: unknown, request: FastifyRequest): ProblemDetails | undefined

  /**
   * For @fastify/swagger's `transformObject` option. The plugin documents the
   * deprecations of each route in its schema, with no wiring; a route that
   * serves several methods and deprecates only some of them is one operation
   * in @fastify/swagger's document, listed under each method. This gives each
   * of those methods its own operation: `deprecated: true` on the deprecated
   * ones, and none for the methods retired when the app started.
   */
  export function deprecationsPerMethod<Document extends object> (input: { openapiObject: Document }): Document
  export function deprecationsPerMethod<Document extends object> (input: { swaggerObject: Document }): Document
  export function deprecationsPerMethod (input: { openapiObject: object } | { swaggerObject: object }): object

  /**
   * The method names that `deprecated` keys and `use` accept, in either case:
   * Fastify's own. A method added with `addHttpMethod` joins them by
   * augmentation, `declare module 'fastify-method-not-allowed' { interface MethodNames { PURGE: true } }`.
   * A union with `string & {}` would accept any typo.
   */
  export interface MethodNames {
    DELETE: true
    GET: true
    HEAD: true
    PATCH: true
    POST: true
    PUT: true
    OPTIONS: true
    QUERY: true
    PROPFIND: true
    PROPPATCH: true
    MKCOL: true
    COPY: true
    MOVE: true
    LOCK: true
    UNLOCK: true
    TRACE: true
    SEARCH: true
    REPORT: true
    MKCALENDAR: true
  }
  export type MethodName = (keyof MethodNames & string) | Lowercase<keyof MethodNames & string>

  interface DeprecationDetails {
    /** ISO 8601 date or date-time from which the method is retired: 405, and no Allow lists it. Not earlier than `since`. */
    sunset?: string
    /** The method to use instead: one that the route's URLs serve (checked at ready()). */
    use?: MethodName
    /** An absolute URI explaining the deprecation (Link rel="deprecation", and rel="sunset"). */
    link?: string
  }

  /**
   * One deprecated method of a route (RFC 9745 Deprecation, RFC 8594 Sunset):
   * `since` is required, so that the Deprecation date is the same after every
   * restart and on every instance, except for a method declared retired,
   * which never sends it.
   */
  export type MethodDeprecation = (DeprecationDetails & {
    /** ISO 8601 date or date-time: the Deprecation header's date. */
    since: string
    /** false, or left out: retired from `sunset` on. */
    retired?: false
  }) | (DeprecationDetails & {
    since?: string
    /** true: retired now. */
    retired: true
  })

  /** Deprecated methods of a route, by method name (either case). */
  export type DeprecatedMethods = { [Method in MethodName]?: MethodDeprecation }

  /**
   * `true`: the default, as if the route had no config (useful as
   * `methodNotAllowed: !internal`); `false`: hidden. An object needs one of
   * its two keys: an object with neither would say nothing (and a typo in it
   * would pass).
   */
  export type MethodNotAllowedRouteConfig = boolean | {
    /** The methods of this route that are served, each once; the others answer 405. */
    allow: string[]
    /** Deprecated methods of this route, by method name. */
    deprecated?: DeprecatedMethods
  } | {
    allow?: string[]
    deprecated: DeprecatedMethods
  }

  /** A 405 the plugin sent (see isMethodNotAllowedError). */
  export interface MethodNotAllowedError extends FastifyError {
    code: 'FST_ERR_METHOD_NOT_ALLOWED'
    statusCode: 405
    /** The methods the resource supports, sorted: the Allow header as a list. */
    allow: string[]
    /** For a retired method: its sunset as configured (undefined when declared retired without one). */
    retired?: string | undefined
    /** For a retired method: the method to use instead. */
    use?: string | undefined
    /** For a retired method: where its deprecation is explained. */
    link?: string | undefined
  }

  /**
   * What `instanceof errors.FST_ERR_METHOD_NOT_ALLOWED` narrows to: the plugin
   * sets `allow` on every 405 it sends, the constructor alone does not.
   */
  export interface MethodNotAllowedDetails {
    code: 'FST_ERR_METHOD_NOT_ALLOWED'
    statusCode: 405
    allow?: string[]
    retired?: string | undefined
    use?: string | undefined
    link?: string | undefined
  }

  /** A 501 the plugin sent (see isNotImplementedError). */
  export interface NotImplementedError extends FastifyError {
    code: 'FST_ERR_METHOD_NOT_IMPLEMENTED'
    statusCode: 501
  }

  /** Narrows an error handler's `error` (`unknown` in Fastify 5) to a 405 this plugin sent. */
  export function isMethodNotAllowedError (error: unknown): error is MethodNotAllowedError
  /** Narrows an error handler's `error` (`unknown` in Fastify 5) to a 501 this plugin sent. */
  export function isNotImplementedError (error: unknown): error is NotImplementedError

  export const optionsSchema: TObject<{
    autoOptions: TOptional<TBoolean>
    notImplemented: TOptional<TBoolean>
    allowOnSuccess: TOptional<TBoolean>
    catchAllIsResource: TOptional<TBoolean>
    hints: TOptional<TBoolean>
    notImplementedLogLevel: TOptional<TUnion<[TLiteral<'fatal'>, TLiteral<'error'>, TLiteral<'warn'>, TLiteral<'info'>, TLiteral<'debug'>, TLiteral<'trace'>, TLiteral<'silent'>]>>
    clock: TOptional<TFunction<[], TNumber>>
    deprecatedCallLogLevel: TOptional<TUnion<[TLiteral<'fatal'>, TLiteral<'error'>, TLiteral<'warn'>, TLiteral<'info'>, TLiteral<'debug'>, TLiteral<'trace'>, TLiteral<'silent'>]>>
    onDeprecatedCall: TOptional<TFunction<[TUnsafe<DeprecatedCall>, TUnsafe<FastifyRequest>], TVoid>>
  }>
  export const routeConfigSchema: TUnion<[TBoolean, TObject<{
    allow: TOptional<TArray<TString>>
    deprecated: TOptional<TRecord<TString, TObject<{
      since: TOptional<TString>
      sunset: TOptional<TString>
      retired: TOptional<TBoolean>
      use: TOptional<TString>
      link: TOptional<TString>
    }>>>
  }>]>
  export function formatAllow (allow: readonly string[]): string
  export const errors: {
    /** `instanceof` narrows to its details; `allow` is set on the errors the plugin sends, not by the constructor. */
    FST_ERR_METHOD_NOT_ALLOWED: FastifyErrorConstructor<MethodNotAllowedDetails, [string, string, string]>
    FST_ERR_METHOD_NOT_IMPLEMENTED: FastifyErrorConstructor<{ code: 'FST_ERR_METHOD_NOT_IMPLEMENTED', statusCode: 501 }, [string]>
    FST_ERR_METHOD_NOT_ALLOWED_INVALID_OPTION: FastifyErrorConstructor<{ code: 'FST_ERR_METHOD_NOT_ALLOWED_INVALID_OPTION' }, [string, string]>
    FST_ERR_METHOD_NOT_ALLOWED_INVALID_ROUTE_CONFIG: FastifyErrorConstructor<{ code: 'FST_ERR_METHOD_NOT_ALLOWED_INVALID_ROUTE_CONFIG' }, [string, string, string, string]>
    FST_ERR_METHOD_NOT_ALLOWED_REGISTERED_LATE: FastifyErrorConstructor<{ code: 'FST_ERR_METHOD_NOT_ALLOWED_REGISTERED_LATE' }, [string]>
    FST_ERR_METHOD_NOT_ALLOWED_NOT_ROOT: FastifyErrorConstructor<{ code: 'FST_ERR_METHOD_NOT_ALLOWED_NOT_ROOT' }, [string]>
    FST_ERR_METHOD_NOT_ALLOWED_UNREADABLE_ROUTES: FastifyErrorConstructor<{ code: 'FST_ERR_METHOD_NOT_ALLOWED_UNREADABLE_ROUTES' }>
    FST_ERR_METHOD_NOT_ALLOWED_NOT_REGISTERED: FastifyErrorConstructor<{ code: 'FST_ERR_METHOD_NOT_ALLOWED_NOT_REGISTERED' }>
    FST_ERR_METHOD_NOT_ALLOWED_CORS_HOOK: FastifyErrorConstructor<{ code: 'FST_ERR_METHOD_NOT_ALLOWED_CORS_HOOK' }, [string]>
    FST_ERR_METHOD_NOT_ALLOWED_FASTIFY_VERSION: FastifyErrorConstructor<{ code: 'FST_ERR_METHOD_NOT_ALLOWED_FASTIFY_VERSION' }, [string, string]>
  }

  /**
   * @fastify/cors 11's own option shapes, written out so that these types
   * never import @fastify/cors (not a dependency of this package).
   */
  export type CorsOrigin = string | boolean | RegExp | CorsOrigin[]
  /**
   * The `hook` values of @fastify/cors that run before the plugin decides.
   * Not 'preSerialization': there cors adds nothing to a 405, a 501 or an
   * automatic OPTIONS (FST_ERR_METHOD_NOT_ALLOWED_CORS_HOOK at ready()).
   */
  export type CorsHook = 'onRequest' | 'preParsing' | 'preValidation' | 'preHandler'

  /** @fastify/cors options that corsFromRoutes passes on; `methods` comes from the route table. */
  export interface CorsRequestOptions {
    origin?: CorsOrigin | ((origin: string | undefined, callback: (error: Error | null, origin: CorsOrigin) => void) => void) | ((origin: string | undefined) => Promise<CorsOrigin>)
    credentials?: boolean
    exposedHeaders?: string | string[]
    allowedHeaders?: string | string[]
    maxAge?: number
    cacheControl?: number | string
    preflightContinue?: boolean
    optionsSuccessStatus?: number
  }

  /** Every @fastify/cors option except `methods`, `delegator`, `preflight` and `strictPreflight`, which corsFromRoutes decides. */
  export interface CorsFromRoutesOptions extends CorsRequestOptions {
    hook?: CorsHook
    hideOptionsRoute?: boolean
    logLevel?: LogLevel
  }

  /** The static options @fastify/cors gets: yours, and `preflight: false`, as the plugin answers preflights. */
  export interface CorsStaticOptions extends CorsFromRoutesOptions {
    preflight: false
  }

  /**
   * @fastify/cors' registration options as a function of the instance cors is
   * registered in, a form Fastify's register() accepts:
   * `app.register(cors, corsFromRoutes(options))`.
   */
  export type CorsFromRoutes = (instance: FastifyInstance) => CorsStaticOptions

  /**
   * Options for @fastify/cors whose preflights answer Access-Control-Allow-Methods
   * with the preflight URL's Allow list (`fastify.allowedMethods(url)`).
   * Throws FST_ERR_METHOD_NOT_ALLOWED_INVALID_OPTION for an option it decides
   * and for `hook: 'preSerialization'`.
   */
  export function corsFromRoutes (options?: CorsFromRoutesOptions): CorsFromRoutes

  /** A deprecated or retired method of a pattern, as configured. */
  export interface SurfaceDeprecation {
    /** Whether the method is retired now: 405, and no Allow lists it. */
    retired: boolean
    since?: string
    sunset?: string
    use?: string
    link?: string
  }

  /** What the 405 and the automatic OPTIONS of a pattern's URLs say. */
  export interface PathSurface {
    /** The Allow list, sorted. */
    allow: string[]
    /** By method name, sorted. */
    deprecated?: Record<string, SurfaceDeprecation>
    acceptPatch?: string[]
    acceptPost?: string[]
  }

  /** By route pattern as Fastify's router holds it (`/posts/:id`), sorted. */
  export type MethodSurface = Record<string, PathSurface>

  export const fastifyMethodNotAllowed: FastifyMethodNotAllowed
  export { fastifyMethodNotAllowed as default }
}

declare function fastifyMethodNotAllowed (...params: Parameters<FastifyMethodNotAllowed>): ReturnType<FastifyMethodNotAllowed>
export = fastifyMethodNotAllowed
