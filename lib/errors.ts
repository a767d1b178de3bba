import createError from '@fastify/error'

// A 405 or 501 is the client's mistake, not a server fault: a stack trace would
// cost more than the rest of the not-found path and tell nobody anything.
const noStack = false

export const FST_ERR_METHOD_NOT_ALLOWED = createError<[string, string, string]>(
  'FST_ERR_METHOD_NOT_ALLOWED',
  'Method %s is not allowed for %s; allowed: %s',
  405,
  Error,
  noStack
)

export const FST_ERR_METHOD_NOT_IMPLEMENTED = createError<[string]>(
  'FST_ERR_METHOD_NOT_IMPLEMENTED',
  'Method %s is not implemented by this server',
  501,
  Error,
  noStack
)

export const FST_ERR_METHOD_NOT_ALLOWED_INVALID_OPTION = createError<[string, string]>(
  'FST_ERR_METHOD_NOT_ALLOWED_INVALID_OPTION',
  'fastify-method-not-allowed: invalid option "%s": %s',
  500,
  TypeError
)

export const FST_ERR_METHOD_NOT_ALLOWED_INVALID_ROUTE_CONFIG = createError<[string, string, string, string]>(
  'FST_ERR_METHOD_NOT_ALLOWED_INVALID_ROUTE_CONFIG',
  'fastify-method-not-allowed: route %s %s: invalid config.methodNotAllowed%s: %s',
  500,
  TypeError
)

export const FST_ERR_METHOD_NOT_ALLOWED_REGISTERED_LATE = createError<[string]>(
  'FST_ERR_METHOD_NOT_ALLOWED_REGISTERED_LATE',
  'fastify-method-not-allowed: a not-found handler is already set for prefix "%s"; register fastify-method-not-allowed before calling setNotFoundHandler so that its 405 answers cover that handler',
  500
)

export const FST_ERR_METHOD_NOT_ALLOWED_NOT_ROOT = createError<[string]>(
  'FST_ERR_METHOD_NOT_ALLOWED_NOT_ROOT',
  'fastify-method-not-allowed: registered inside an encapsulated context (prefix "%s"); register it on the root instance (or inside a plugin wrapped with fastify-plugin): Fastify has one router for the whole app, and an encapsulated registration would change the 404 answers of other contexts. To leave routes out, set config.methodNotAllowed: false on them',
  500
)

export const FST_ERR_METHOD_NOT_ALLOWED_UNREADABLE_ROUTES = createError(
  'FST_ERR_METHOD_NOT_ALLOWED_UNREADABLE_ROUTES',
  'fastify-method-not-allowed: cannot read the route table of this Fastify version; please report it with your Fastify and find-my-way versions',
  500
)

export const FST_ERR_METHOD_NOT_ALLOWED_NOT_REGISTERED = createError(
  'FST_ERR_METHOD_NOT_ALLOWED_NOT_REGISTERED',
  'fastify-method-not-allowed: corsFromRoutes() answers preflights from fastify.allowedMethods(), which this app does not have; register fastify-method-not-allowed on the root instance (before or after @fastify/cors)',
  500
)

export const FST_ERR_METHOD_NOT_ALLOWED_CORS_HOOK = createError<[string]>(
  'FST_ERR_METHOD_NOT_ALLOWED_CORS_HOOK',
  'fastify-method-not-allowed: @fastify/cors is registered with hook: \'%s\', which adds CORS headers only where a payload object is serialized: the 405, 501 and automatic OPTIONS answers would carry none, and preflights would get no CORS answer. Register @fastify/cors with hook \'onRequest\' (its default), \'preParsing\', \'preValidation\' or \'preHandler\'',
  500,
  TypeError
)

export const FST_ERR_METHOD_NOT_ALLOWED_FASTIFY_VERSION = createError<[string, string]>(
  'FST_ERR_METHOD_NOT_ALLOWED_FASTIFY_VERSION',
  'fastify-method-not-allowed: needs Fastify %s, found Fastify %s (fastify.version); install a Fastify in that range',
  500
)
