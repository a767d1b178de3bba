import { readPattern, type PatternPart } from '../model/pattern'
import type { MethodSurface, PathSurface } from '../model/surface'
import type { CheckFinding, CheckOptions } from '../../types/check'
import { basePathOf, operationsOf, readTemplate, shapeOf, type DocumentOperation } from './openapi'

export type { CheckFinding, CheckOptions }

/**
 * HEAD and OPTIONS are reported only when the document names them: HEAD
 * answers wherever GET does (RFC 9110 §9.3.2) and OPTIONS is answered by the
 * plugin itself (§9.3.7), and documents rarely list either.
 */
const implied = new Set(['HEAD', 'OPTIONS'])

/**
 * Compares a method surface (app.methodSurface()) with an OpenAPI 3
 * document. Paths outside the base path are not the document's business and
 * are left alone. Findings come sorted by path, then method.
 */
export function checkSurface (surface: MethodSurface, document: unknown, options: CheckOptions = {}): CheckFinding[] {
  const base = (options.basePath ?? basePathOf(document)).replace(/\/+$/, '')
  const routes = routesOf(surface, base)
  const byShape = new Map<string, ScopedRoute>()
  for (const route of routes) if (!byShape.has(route.shape)) byShape.set(route.shape, route)

  const findings: CheckFinding[] = []
  const documented = new Map<string, Set<string>>()
  const templates: Array<{ method: string, matcher: RegExp }> = []
  for (const operation of operationsOf(document)) {
    const parts = readTemplate(operation.path)
    const shape = shapeOf(parts)
    const methods = documented.get(shape) ?? new Set()
    methods.add(operation.method)
    documented.set(shape, methods)
    templates.push({ method: operation.method, matcher: matcherOf(parts) })
    const route = byShape.get(shape) ?? servedBy(routes, parts)
    const finding = compare(operation, route)
    if (finding !== undefined) findings.push(finding)
  }
  for (const route of routes) {
    const methods = documented.get(route.shape)
    const url = exampleOf(route.parts)
    for (const method of route.entry.allow) {
      if (implied.has(method) || methods?.has(method) === true) continue
      // `/gists/public` answers DELETE where `/gists/{gist_id}` documents it: the template covers the URL.
      if (templates.some(template => template.method === method && template.matcher.test(url))) continue
      findings.push({ kind: 'undocumented', method, route: route.pattern })
    }
  }
  const placeOf = (finding: CheckFinding): string => finding.kind === 'undocumented' ? finding.route : finding.route ?? base + finding.path
  return findings.sort((a, b) => compareText(placeOf(a), placeOf(b)) || compareText(a.method, b.method) || compareText(a.kind, b.kind))
}

function compare (operation: DocumentOperation, route: ScopedRoute | undefined): CheckFinding | undefined {
  const { method, path } = operation
  if (route === undefined) return { kind: 'missing', method, path, status: 404 }
  const deprecation = route.entry.deprecated?.[method]
  if (!route.entry.allow.includes(method)) {
    const finding: CheckFinding = { kind: 'missing', method, path, route: route.pattern, status: 405 }
    if (deprecation?.retired === true) finding.retired = true
    return finding
  }
  const server = deprecation !== undefined
  if (server === operation.deprecated) return undefined
  return { kind: 'deprecation', method, path, route: route.pattern, document: operation.deprecated, server }
}

interface ScopedRoute {
  /** As the surface names it. */
  pattern: string
  /** The shape of the pattern, the base path taken off. */
  shape: string
  parts: PatternPart[]
  entry: PathSurface
}

/**
 * The surface's patterns under the base path. A prefixed `/` appears both
 * as `/v1` and `/v1/` (Fastify inserts both); the one with the slash counts
 * only where it says something the other does not.
 */
function routesOf (surface: MethodSurface, base: string): ScopedRoute[] {
  const routes: ScopedRoute[] = []
  for (const [pattern, entry] of Object.entries(surface)) {
    let rest: string
    if (base === '') rest = pattern
    else if (pattern === base || pattern === base + '/') rest = '/'
    else if (pattern.startsWith(base + '/')) rest = pattern.slice(base.length)
    else continue
    if (rest.length > 1 && rest.endsWith('/')) {
      const twin = surface[pattern.slice(0, -1)]
      if (twin !== undefined && JSON.stringify(twin) === JSON.stringify(entry)) continue
    }
    const parts = readPattern(rest)
    routes.push({ pattern, shape: shapeOf(parts), parts, entry })
  }
  return routes
}

/**
 * Where no pattern has the operation's shape, the pattern whose URLs
 * include the operation's (`/posts/me` served by `/posts/:id`); of several,
 * the one with the most static text, as the router prefers static segments.
 */
function servedBy (routes: readonly ScopedRoute[], parts: readonly PatternPart[]): ScopedRoute | undefined {
  const url = exampleOf(parts)
  let best: ScopedRoute | undefined
  let bestStatic = -1
  for (const route of routes) {
    if (!matcherOf(route.parts).test(url)) continue
    const statics = route.parts.reduce((length, part) => length + (part.kind === 'static' ? part.text.length : 0), 0)
    if (statics > bestStatic) {
      best = route
      bestStatic = statics
    }
  }
  return best
}

/** A URL of the pattern or template: `~` (unreserved, RFC 3986 §2.3) for each parameter. */
function exampleOf (parts: readonly PatternPart[]): string {
  return parts.map(part => part.kind === 'static' ? part.text : '~').join('')
}

function matcherOf (parts: readonly PatternPart[]): RegExp {
  const source = parts.map(part => {
    if (part.kind === 'static') return part.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    if (part.kind === 'wildcard') return '.*'
    return part.regex === undefined ? '[^/]+' : '(?:' + part.regex.slice(1, -1).replace(/^\^/, '').replace(/\$$/, '') + ')'
  }).join('')
  return new RegExp('^' + source + '$')
}

function compareText (a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
