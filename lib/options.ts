import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { FST_ERR_METHOD_NOT_ALLOWED_INVALID_OPTION } from './errors'

export const optionsSchema = Type.Object({
  autoOptions: Type.Optional(Type.Boolean({
    default: true,
    description: 'Answer OPTIONS for a known URL without an OPTIONS route of its own (200, empty body, Allow), list OPTIONS in every Allow and answer `OPTIONS *`.'
  })),
  notImplemented: Type.Optional(Type.Boolean({
    default: true,
    description: 'Answer 501 Not Implemented to methods that Fastify does not route at all (not in fastify.supportedMethods).'
  })),
  allowOnSuccess: Type.Optional(Type.Boolean({
    default: false,
    description: 'Also send Allow on responses of matched routes. Adds an onRequest hook to each route registered after the plugin.'
  })),
  notImplementedLogLevel: Type.Optional(Type.Union(
    [Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent')],
    {
      default: 'info',
      description: 'The level at which a 501 is logged. Fastify logs every 5xx as an error; a method nobody routes is the client\'s probe, so by default it is logged as Fastify logs a 4xx. `error` restores Fastify\'s behaviour.'
    }
  )),
  catchAllIsResource: Type.Optional(Type.Boolean({
    default: false,
    description: 'Let root catch-all routes (`/*`, `*`) make every URL a resource, so that any URL can answer 405.'
  }))
}, { additionalProperties: false, $id: 'FastifyMethodNotAllowedOptions' })

export type FastifyMethodNotAllowedOptions = Static<typeof optionsSchema>
export type ResolvedOptions = Required<FastifyMethodNotAllowedOptions>

// Fastify hands register()'s own options to the plugin too; they are not ours to judge.
const registerKeys = new Set(['prefix', 'logLevel', 'logSerializers'])

export function resolveOptions (input: unknown): ResolvedOptions {
  const candidate: Record<string, unknown> = {}
  if (input !== null && typeof input === 'object') {
    for (const [key, value] of Object.entries(input)) {
      if (!registerKeys.has(key)) candidate[key] = value
    }
  } else if (input !== undefined && input !== null) {
    throw new FST_ERR_METHOD_NOT_ALLOWED_INVALID_OPTION('(options)', 'options must be an object')
  }

  // Value.Check + Value.Errors rather than Value.Parse: Parse silently drops unknown keys.
  if (!Value.Check(optionsSchema, candidate)) {
    const [error] = Value.Errors(optionsSchema, candidate)
    const key = error.path.slice(1).split('/')[0]
    throw new FST_ERR_METHOD_NOT_ALLOWED_INVALID_OPTION(key, error.message)
  }
  return Value.Default(optionsSchema, candidate) as ResolvedOptions
}
