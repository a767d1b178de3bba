import { Type } from '@sinclair/typebox'

// The single source of `config.methodNotAllowed`: its static type
// (lib/route-config.ts), the check that scripts/generate-schemas.js compiles
// from it into lib/generated/, and the explanation of an invalid value. Only
// the generator and that explanation load this module, and TypeBox with it.

// RFC 9110 §5.6.2 token: what a method name may contain.
const methodToken = Type.String({ pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" })

export const routeConfigSchema = Type.Union([
  Type.Boolean({ description: 'false: URLs matched by this route never get 405, 501 or automatic OPTIONS from the plugin.' }),
  Type.Object({
    allow: Type.Array(methodToken, {
      minItems: 1,
      uniqueItems: true,
      description: 'The methods of this route that are served; the others answer 405.'
    })
  }, { additionalProperties: false })
], { $id: 'FastifyMethodNotAllowedRouteConfig' })
