import { Type } from '@sinclair/typebox'
import type { FastifyRequest } from 'fastify'
import type { DeprecatedCall } from '../../../types/index'

// The single source of the plugin's options: their static type (lib/declare/options.ts),
// the check and the defaults that scripts/generate-schemas.js compiles from it
// into lib/declare/generated/, and the explanation of an invalid value. Only the
// generator and that explanation load this module, and TypeBox with it.
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
  clock: Type.Optional(Type.Function([], Type.Number(), {
    description: 'Milliseconds since the epoch, for deprecated methods\' sunsets. Default: Date.now. Tests inject one to move time.'
  })),
  deprecatedCallLogLevel: Type.Optional(Type.Union(
    [Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent')],
    {
      default: 'warn',
      description: 'The level of the line logged for each call of a deprecated or retired method (request.log). A call that will break at the sunset is a warning: shown by a production logger, and below the error level that pages. `silent` logs nothing.'
    }
  )),
  onDeprecatedCall: Type.Optional(Type.Function(
    [Type.Unsafe<DeprecatedCall>(Type.Object({})), Type.Unsafe<FastifyRequest>(Type.Object({}))],
    Type.Void(),
    { description: 'Called with the same facts as the log line for each call of a deprecated or retired method, for metrics.' }
  )),
  catchAllIsResource: Type.Optional(Type.Boolean({
    default: false,
    description: 'Let root catch-all routes (`/*`, `*`) make every URL a resource, so that any URL can answer 405.'
  })),
  hints: Type.Optional(Type.Boolean({
    default: false,
    description: 'For development: a 405 message also names the nearest visible URL pattern that serves the request\'s method (docs/surface.md). Builds an index of the method surface at ready.'
  }))
}, { additionalProperties: false, $id: 'FastifyMethodNotAllowedOptions' })
