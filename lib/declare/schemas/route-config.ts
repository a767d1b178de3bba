import { Type } from '@sinclair/typebox'

// The single source of `config.methodNotAllowed`: its static type
// (lib/declare/route-config.ts), the check that scripts/generate-schemas.js compiles
// from it into lib/declare/generated/, and the explanation of an invalid value. Only
// the generator and that explanation load this module, and TypeBox with it.

// RFC 9110 §5.6.2 token: what a method name may contain.
const token = "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"
const methodToken = Type.String({ pattern: token })

// An ISO 8601 date (2027-06-30) or date-time (2027-06-30T12:00:00Z), as Date.parse reads them.
const date = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2}))?$', description })

const deprecation = Type.Object({
  // Required unless retired is true: lib/declare/route-config.ts says why, naming the route.
  since: Type.Optional(date('When the method was deprecated: the date of the Deprecation header (RFC 9745). Required unless retired is true.')),
  sunset: Type.Optional(date('From this moment on the method is retired (RFC 8594 Sunset): 405, and no Allow lists it. Not earlier than since.')),
  retired: Type.Optional(Type.Boolean({ description: 'true: retired now, whatever the dates say.' })),
  use: Type.Optional(Type.String({ pattern: token, description: 'The method to use instead, one that the route\'s URLs serve: in the 405 message and its default body.' })),
  link: Type.Optional(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9+.-]*:[^\\s<>"]+$', description: 'An absolute URI that explains the deprecation: Link rel="deprecation" (and rel="sunset").' }))
}, { additionalProperties: false })

export const routeConfigSchema = Type.Union([
  Type.Boolean({ description: 'false: URLs matched by this route never get 405, 501 or automatic OPTIONS from the plugin.' }),
  Type.Object({
    allow: Type.Optional(Type.Array(methodToken, {
      minItems: 1,
      description: 'The methods of this route that are served, each once; the others answer 405.'
    })),
    deprecated: Type.Optional(Type.Record(Type.String({ pattern: token }), deprecation, {
      description: 'Methods of this route that are deprecated: they work, with Deprecation, Sunset and Link headers, until their sunset; then they answer 405.'
    }))
  }, { additionalProperties: false })
], { $id: 'FastifyMethodNotAllowedRouteConfig' })
