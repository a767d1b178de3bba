import { deprecatedMethodsKey, withDeprecations, type DocumentedDeprecations } from '../model/openapi'

type Operation = Record<string, unknown>
type Operations = Record<string, unknown>

/**
 * @fastify/swagger's `transformObject`: one operation per method where a
 * route serves several methods and deprecates some of them. @fastify/swagger
 * builds one operation per route and lists it under each of the route's
 * methods; this gives each method its own copy, `deprecated: true` on the
 * deprecated ones, and drops the methods that were retired when the app
 * started, so that no document lists them as live. Operations of routes that
 * deprecate nothing, and the document's other fields, stay as they are.
 */
export function deprecationsPerMethod (input: { openapiObject: object } | { swaggerObject: object }): object {
  const document = 'openapiObject' in input ? input.openapiObject : input.swaggerObject
  const paths = (document as { paths?: Record<string, Operations> }).paths ?? {}
  for (const pathItem of Object.values(paths)) {
    splitOperations(pathItem)
    // OpenAPI 3.2: the other methods, by their name as sent.
    const additional = pathItem.additionalOperations as Operations | undefined
    if (additional !== undefined) {
      splitOperations(additional)
      if (Object.keys(additional).length === 0) delete pathItem.additionalOperations
    }
  }
  // A path keeps an operation: a route whose every method is retired is hidden as it is declared (lib/declare/openapi.ts).
  return document
}

/**
 * The operations of a path item (keyed by method in lower case) or of its
 * additionalOperations (as sent): the fields that carry the plugin's
 * extension, which no other field of a path item has.
 */
function splitOperations (operations: Operations): void {
  for (const [key, value] of Object.entries(operations)) {
    const operation = value as Operation
    const documented = operation[deprecatedMethodsKey] as DocumentedDeprecations | undefined
    if (documented === undefined) continue
    const method = key.toUpperCase()
    const own = documented[method]
    if (own?.retired === true) {
      delete operations[key]
      continue
    }
    const copy: Operation = { ...operation }
    const description = ownDescription(operation.description, documented)
    if (own === undefined) {
      delete copy[deprecatedMethodsKey]
      if (description === undefined) delete copy.description
      else copy.description = description
      // `deprecated` as the route's schema declared it: the plugin sets it only when every method is deprecated.
    } else {
      copy[deprecatedMethodsKey] = { [method]: own }
      copy.description = withDeprecations(description, { [method]: own })
      copy.deprecated = true
    }
    operations[key] = copy
  }
}

/** The description the route's schema had, before the plugin added the deprecations' sentences (lib/declare/openapi.ts). */
function ownDescription (description: unknown, documented: DocumentedDeprecations): string | undefined {
  const sentences = withDeprecations(undefined, documented)
  if (typeof description !== 'string' || description === sentences) return undefined
  // An app's transform may have rewritten the description: then it stays as it is.
  return description.endsWith(`\n\n${sentences}`) ? description.slice(0, -sentences.length - 2) : description
}
