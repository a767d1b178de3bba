import { isRetired, type Schedule } from '../model/deprecation'
import { deprecatedMethodsKey, documentedDeprecations, withDeprecations } from '../model/openapi'

/** The documented schema of a route (below); routes declaring equal deprecations share one schedule. */
export type SchemaDocumenter = (schema: unknown, methods: readonly string[], schedule: Schedule, now: number) => Record<string, unknown> | undefined

// Stands for "no schema of its own" as a WeakMap key.
const noSchema = {}

/**
 * documentedSchema, one object for every route that declares the same
 * deprecations (one schedule, lib/declare/registry.ts) of the same methods
 * with the same schema object, or none: an API deprecating a version's routes
 * holds one. Fastify lets routes share a schema object (it marks it
 * normalised once). Methods retired at `now` are part of what must be the
 * same: a route declared after a sunset is documented as it stands then.
 */
export function createSchemaDocumenter (): SchemaDocumenter {
  const documented = new WeakMap<Schedule, WeakMap<object, Map<string, Record<string, unknown> | undefined>>>()
  return function sharedDocumentedSchema (schema, methods, schedule, now) {
    let bySchema = documented.get(schedule)
    if (bySchema === undefined) documented.set(schedule, bySchema = new WeakMap())
    const own = typeof schema === 'object' && schema !== null ? schema : noSchema
    let copies = bySchema.get(own)
    if (copies === undefined) bySchema.set(own, copies = new Map())
    const key = methods.map(method => {
      const deprecation = schedule.get(method)
      return deprecation !== undefined && isRetired(deprecation, now) ? `${method}!` : method
    }).join(' ')
    if (copies.has(key)) return copies.get(key)
    const copy = documentedSchema(schema, methods, schedule, now)
    copies.set(key, copy)
    return copy
  }
}

/**
 * The schema of a route that deprecates some of its methods, as
 * @fastify/swagger reads it (dynamic mode: it keeps the route's options and
 * reads `schema` when it builds the document): a copy, since one schema object
 * may serve several routes.
 *
 * @fastify/swagger documents all of a route's methods with one operation built
 * from this one schema, so the fields below say what holds for the whole
 * route: `deprecated: true` when every method it still serves is deprecated,
 * `hide` (swagger's own) when it serves none any more. What differs by method
 * is in the extension and the description; deprecationsPerMethod
 * (lib/integrations/openapi.ts) splits such an operation by method.
 *
 * Read when the route is declared, with the plugin's clock: @fastify/swagger
 * builds the document once and keeps it for the life of the process, so it
 * describes the API as the process started, whenever it is first asked for.
 */
export function documentedSchema (schema: unknown, methods: readonly string[], schedule: Schedule, now: number): Record<string, unknown> | undefined {
  const documented = documentedDeprecations(methods, schedule, now)
  if (documented === undefined) return undefined
  const own = typeof schema === 'object' && schema !== null ? schema as Record<string, unknown> : {}
  const copy: Record<string, unknown> = { ...own, [deprecatedMethodsKey]: documented, description: withDeprecations(own.description, documented) }
  const states = methods.map(method => documented[method]?.retired === true ? 'retired' : documented[method] === undefined ? 'live' : 'deprecated')
  if (states.every(state => state === 'retired')) copy.hide = true
  else if (!states.includes('live')) copy.deprecated = true
  return copy
}
