/**
 * Which media types a route's body may have (RFC 5789 §3.1: a type listed in
 * Accept-Patch "is allowed on the resource"), judged from the formats
 * Fastify's parsers and schemas admit (lib/router/fastify-edge.ts reads them).
 */

/** A media type (or, for a RegExp parser, a set of them) a route reads a body of. */
export interface BodyFormat {
  mediaType: string
  /** Whether Fastify's text parser reads it: the body is then the request's text, a string. */
  text: boolean
  /** The JSON Schema Fastify validates that body with; undefined when none. */
  schema: unknown
}

export interface BodyFormats {
  /** The media types parsers are registered for (or schema.body.content keys a parser reads). */
  named: BodyFormat[]
  /** The RegExp parsers: no one media type names them. */
  unnamed: BodyFormat[]
  /** The parser for every other type (`addContentTypeParser('*')`). */
  catchAll: BodyFormat | undefined
  /** A schema shared in the route's context (addSchema) by its $id. */
  shared: (id: string) => unknown
}

/**
 * The media types to advertise: RFC 5789 §3.1 says a listed type "is allowed
 * on the resource", so a type is listed only when a body of it can pass the
 * route's schema. Only Fastify's text parser says what a body becomes (a
 * string); JSON can be any value, and the app's own parsers make what the
 * app's schema expects as far as the plugin can know. The full media range
 * (any type) is listed alone, and only when the catch-all parser, the RegExp
 * parsers and every named one all pass: a RegExp parser, naming no one type,
 * is otherwise not listed.
 */
export function advertisedTypes (formats: BodyFormats): string[] {
  const passes = (format: BodyFormat): boolean => admits(format.schema, format.text, formats.shared, new Set())
  const named = formats.named.filter(passes)
  if (formats.catchAll !== undefined && passes(formats.catchAll) && named.length === formats.named.length && formats.unnamed.every(passes)) {
    return ['*/*']
  }
  return named.map(format => format.mediaType).sort()
}

/**
 * Whether `schema` lets some body through: `false` lets none, and a string
 * body (`text`) only where the schema allows a string (type, const, enum,
 * allOf, anyOf, oneOf, and a $ref to a schema shared by $id). Ajv's type
 * coercion is not counted ("42" for a number): leaving a type out is safe,
 * listing a refused one is not. Anything the plugin cannot read (a schema
 * object of the app's own class for its own compiler, a $ref into a
 * schema, or to a schema not shared by $id) is taken to pass.
 */
function admits (schema: unknown, text: boolean, shared: BodyFormats['shared'], seen: Set<unknown>): boolean {
  if (schema === false) return false
  if (!text || !isPlainObject(schema)) return true
  const { type, enum: values, allOf, anyOf, oneOf, $ref } = schema
  if (typeof type === 'string' ? type !== 'string' : Array.isArray(type) && !type.includes('string')) return false
  if ('const' in schema && typeof schema.const !== 'string') return false
  if (Array.isArray(values) && !values.some(value => typeof value === 'string')) return false
  const judge = (sub: unknown): boolean => admits(sub, text, shared, seen)
  if (Array.isArray(allOf) && !allOf.every(judge)) return false
  if (Array.isArray(anyOf) && !anyOf.some(judge)) return false
  if (Array.isArray(oneOf) && !oneOf.some(judge)) return false
  if (typeof $ref === 'string' && /^[^#]*#?$/.test($ref)) {
    const target = shared($ref.replace(/#$/, ''))
    // A schema that refers back to itself on this path lets through nothing its first visit does not.
    if (seen.has(target)) return false
    seen.add(target)
    const passes = judge(target)
    seen.delete(target)
    return passes
  }
  return true
}

function isPlainObject (value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false
  const prototype: unknown = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}
