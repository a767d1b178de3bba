import { isRetired, type Deprecation, type Schedule } from '../model/deprecation'
import { readPattern } from '../model/pattern'
import type { MethodSurface, PathSurface, SurfaceDeprecation } from '../model/surface'
import type { RouteTable } from '../model/table'
import type { MatchingOptions, Params, RouteEntry, RouteLookup } from '../router/fastify-edge'
import { builtInConstraints } from '../router/constraints'
import { routerOfMethod } from '../router/private-router'

export interface SurfaceSettings {
  /** Every route of Fastify's router (fastify-edge readRoutes). */
  routes: readonly RouteEntry[]
  table: RouteTable
  options: MatchingOptions
  lookup: RouteLookup
  /** The Allow list a 405 at a URL sends, [] where the plugin answers 404 (hooks.allowedMethods). */
  allowedMethods: (url: string) => string[]
  scheduleOf: (config: unknown) => Schedule | undefined
  now: number
}

/**
 * The method surface: per visible route pattern, what a client sending no
 * constraint values is told. Built from the answers themselves rather than
 * from the route declarations: each pattern is instantiated as a URL that
 * its own route serves, and the Allow list, Accept-Patch and Accept-Post are
 * those the 405 and the automatic OPTIONS of that URL send. A pattern whose
 * URL is hidden, or is no resource (only an OPTIONS route or a root catch-all
 * matches it), answers no 405 and is not listed.
 */
export function buildSurface ({ routes, table, options, lookup, allowedMethods, scheduleOf, now }: SurfaceSettings): MethodSurface {
  const byPattern = new Map<string, RouteEntry>()
  for (const route of routes) {
    if (route.config !== false && !byPattern.has(route.pattern)) byPattern.set(route.pattern, route)
  }
  const deprecations = deprecationRouters(routes, options, scheduleOf)
  const surface: Record<string, PathSurface> = {}
  for (const pattern of [...byPattern.keys()].sort()) {
    const route = byPattern.get(pattern) as RouteEntry
    const url = instantiate(pattern, lookup, route.method, builtInConstraints(route.constraints))
    if (url === undefined) continue
    const allow = allowedMethods(url)
    if (allow.length === 0) continue
    const entry: PathSurface = { allow }
    const deprecated: Record<string, SurfaceDeprecation> = {}
    for (const [method, router] of deprecations) {
      const deprecation = router.first(method, url, {})?.deprecation
      if (deprecation === undefined) continue
      const retired = isRetired(deprecation, now)
      // A retired method is listed only where its route still makes the URL's answer.
      if (retired || allow.includes(method)) deprecated[method] = describe(deprecation, retired)
    }
    if (Object.keys(deprecated).length > 0) entry.deprecated = deprecated
    const fields = acceptFields(table, allow, url)
    if (fields['accept-patch'] !== undefined) entry.acceptPatch = fields['accept-patch']
    if (fields['accept-post'] !== undefined) entry.acceptPost = fields['accept-post']
    surface[pattern] = entry
  }
  return surface
}

function describe (deprecation: Deprecation, retired: boolean): SurfaceDeprecation {
  const described: SurfaceDeprecation = { retired }
  if (deprecation.since !== undefined) described.since = deprecation.since
  if (deprecation.sunset !== undefined) described.sunset = deprecation.sunset
  if (deprecation.use !== undefined) described.use = deprecation.use
  if (deprecation.link !== undefined) described.link = deprecation.link
  return described
}

/** Per method some route deprecates: a private router telling which route's deprecation applies to a URL. */
function deprecationRouters (routes: readonly RouteEntry[], options: MatchingOptions, scheduleOf: SurfaceSettings['scheduleOf']): Map<string, ReturnType<typeof routerOfMethod<{ deprecation?: Deprecation }>>> {
  const methods = new Set<string>()
  for (const route of routes) {
    if (scheduleOf(route.config)?.get(route.method) !== undefined) methods.add(route.method)
  }
  const routers = new Map<string, ReturnType<typeof routerOfMethod<{ deprecation?: Deprecation }>>>()
  for (const method of [...methods].sort()) {
    routers.set(method, routerOfMethod(method, routes, options, route => ({ deprecation: scheduleOf(route.config)?.get(method) })))
  }
  return routers
}

/** Accept-Patch and Accept-Post as an automatic OPTIONS of the URL sets them (lib/ready/accept-body.ts). */
function acceptFields (table: RouteTable, allow: readonly string[], url: string): Record<string, string[] | undefined> {
  const fields: Record<string, string[] | undefined> = {}
  const reply = { header (name: string, value: string) { fields[name] = value.split(', ') } }
  table.acceptBody(reply as unknown as Parameters<RouteTable['acceptBody']>[0], allow, url, undefined)
  return fields
}

// Tried in order for each parameter: a plain parameter takes the first, a
// regular expression the first it accepts. `~` is unreserved (RFC 3986 §2.3)
// and rarely a static segment, so a static route seldom takes the URL.
const fillings = ['~', '1', 'a', 'v1', 'x_1', 'A', '0']

/**
 * A URL that the route with `pattern` serves for `method`, checked with
 * Fastify's router (the params it answers are the ones filled in), or
 * undefined where another route serves every URL tried: such a pattern is
 * described by the route that takes its URLs.
 */
export function instantiate (pattern: string, lookup: RouteLookup, method: string, constraints: Record<string, unknown>): string | undefined {
  for (const plain of ['~', '~1']) {
    const { url, params } = fill(pattern, plain)
    const found = lookup(method, url, constraints)
    if (found !== null && sameParams(found, params)) return url
  }
  return undefined
}

/** The URL of `pattern` with each parameter filled in, and the params Fastify's router should answer for it. */
function fill (pattern: string, plain: string): { url: string, params: Params } {
  let url = ''
  const params: Params = {}
  for (const part of readPattern(pattern)) {
    if (part.kind === 'static') {
      url += part.text
      continue
    }
    const name = part.kind === 'wildcard' ? '*' : part.name
    let value = plain
    if (part.kind === 'param' && part.regex !== undefined) {
      const regex = new RegExp(part.regex)
      value = fillings.find(candidate => regex.test(candidate)) ?? plain
    }
    params[name] = value
    url += value
  }
  return { url, params }
}

function sameParams (found: Params, expected: Params): boolean {
  const keys = Object.keys(expected)
  return Object.keys(found).length === keys.length && keys.every(key => found[key] === expected[key])
}
