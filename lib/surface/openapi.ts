import type { PatternPart } from '../model/pattern'

/**
 * What the check reads of an OpenAPI 3 document (OpenAPI 3.0 and 3.1 §4.8):
 * `servers[].url` for the base path, and per path the operations by method,
 * with their `deprecated` flag.
 */

/** The methods an OpenAPI Path Item names (3.0 and 3.1; QUERY is 3.2's). */
const operationKeys = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'query']

export interface DocumentOperation {
  /** The path as the document writes it, base path excluded (`/pets/{petId}`). */
  path: string
  method: string
  deprecated: boolean
}

interface Document {
  servers?: Array<{ url?: unknown, variables?: Record<string, { default?: unknown }> }>
  paths?: Record<string, Record<string, unknown> | undefined>
}

export function operationsOf (document: unknown): DocumentOperation[] {
  const paths = (document as Document | null)?.paths
  const operations: DocumentOperation[] = []
  if (paths === undefined || paths === null || typeof paths !== 'object') return operations
  for (const [path, item] of Object.entries(paths)) {
    if (item === null || typeof item !== 'object') continue
    for (const key of operationKeys) {
      const operation = item[key] as { deprecated?: unknown } | undefined
      if (operation === undefined || operation === null || typeof operation !== 'object') continue
      operations.push({ path, method: key.toUpperCase(), deprecated: operation.deprecated === true })
    }
  }
  return operations
}

/**
 * The path of the document's first server URL (OpenAPI §4.8.5: paths are
 * appended to it), its variables replaced by their defaults, without a
 * trailing slash: `http://petstore.swagger.io/v1` gives `/v1`; no server, ''.
 */
export function basePathOf (document: unknown): string {
  const server = (document as Document | null)?.servers?.[0]
  if (server === undefined || typeof server.url !== 'string') return ''
  const url = server.url.replace(/\{([^}]*)\}/g, (_, name: string) => String(server.variables?.[name]?.default ?? ''))
  // A relative server URL is relative to where the document is served; only its path counts here.
  const path = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? new URL(url).pathname : url.replace(/[?#].*$/, '')
  return path.replace(/\/+$/, '')
}

/** An OpenAPI path template read as route parts: `{name}` is a parameter (OpenAPI §4.8.8.1). */
export function readTemplate (path: string): PatternPart[] {
  const parts: PatternPart[] = []
  for (const piece of path.split(/(\{[^}]*\})/)) {
    if (piece === '') continue
    parts.push(piece.startsWith('{') && piece.endsWith('}') ? { kind: 'param', name: piece.slice(1, -1) } : { kind: 'static', text: piece })
  }
  return parts
}

/**
 * The shape of a path whatever its parameters are named: `/pets/{petId}`,
 * `/pets/:id` and `/pets/:id(^\d+$)` are all `/pets/{}`. A wildcard is one
 * more parameter: OpenAPI has no other way to write it.
 */
export function shapeOf (parts: readonly PatternPart[]): string {
  return parts.map(part => part.kind === 'static' ? part.text : '{}').join('')
}
