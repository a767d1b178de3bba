import { checkRouteConfig } from './generated/schemas'
import type { DeprecationConfig } from '../model/deprecation'
import { FST_ERR_METHOD_NOT_ALLOWED_INVALID_ROUTE_CONFIG } from '../errors'
import { follower } from '../router/exposed-head'

export interface RouteConfigTarget {
  method: string | string[]
  url: string
  /** Fastify will add a HEAD route beside this route's GET (exposeHeadRoute). */
  exposesHead: boolean
}

/** What a route's `config.methodNotAllowed` asks for, validated. */
export interface RouteRules {
  hidden: boolean
  /** The methods the route keeps; undefined: all it declares. */
  methods?: string[]
  /** The deprecated methods, keyed in upper case. */
  deprecated?: Record<string, DeprecationConfig>
}

const requiredSince = 'required: the Deprecation header (RFC 9745) states when the method was deprecated, and without since that date would be whenever the app started, different after each restart and on each instance'

const keepAll: RouteRules = { hidden: false }
const hide: RouteRules = { hidden: true }

/** Validates `config.methodNotAllowed` of one route. */
export function readRouteConfig (value: unknown, route: RouteConfigTarget): RouteRules {
  if (value === undefined || value === true) return keepAll
  const label = Array.isArray(route.method) ? route.method.join(',') : route.method
  // The check is routeConfigSchema compiled at build time (scripts/generate-schemas.js):
  // TypeBox is loaded only to explain an invalid config.
  if (!checkRouteConfig(value)) {
    const { Value } = require('@sinclair/typebox/value') as typeof import('@sinclair/typebox/value')
    const { routeConfigSchema } = require('./schemas/route-config') as typeof import('./schemas/route-config')
    // The union's own error says nothing useful; the object branch's first error names the key.
    const detail = value !== null && typeof value === 'object'
      ? Value.Errors(routeConfigSchema.anyOf[1], value).First()
      : undefined
    throw new FST_ERR_METHOD_NOT_ALLOWED_INVALID_ROUTE_CONFIG(
      label, route.url, detail === undefined ? '' : detail.path.replace(/\//g, '.'),
      detail === undefined ? 'expected false, true or { allow: [...], deprecated: {...} }' : detail.message)
  }
  if (value === false) return hide

  const config = value as { allow?: string[], deprecated?: Record<string, DeprecationConfig> }
  const fail = (key: string, why: string): never => {
    throw new FST_ERR_METHOD_NOT_ALLOWED_INVALID_ROUTE_CONFIG(label, route.url, key, why)
  }
  const declared = Array.isArray(route.method) ? route.method : [route.method]
  const methods = config.allow === undefined ? undefined : narrow(declared, config.allow, route.exposesHead, why => fail('.allow', why))
  const kept = methods ?? declared
  let deprecated: Record<string, DeprecationConfig> | undefined
  if (config.deprecated !== undefined) {
    deprecated = {}
    for (const [name, deprecation] of Object.entries(config.deprecated)) {
      const method = name.toUpperCase()
      const key = `.deprecated.${name}`
      if (!kept.includes(method)) fail(key, `${method} is not a method of this route`)
      for (const field of ['since', 'sunset'] as const) {
        const date = deprecation[field]
        if (date !== undefined && !isDate(date)) fail(`${key}.${field}`, `${date} is not a date`)
      }
      const { since, sunset, retired, use } = deprecation
      // A date that moved on every restart would tell clients nothing true.
      if (since === undefined && retired !== true) fail(`${key}.since`, requiredSince)
      if (since !== undefined && sunset !== undefined && Date.parse(sunset) < Date.parse(since)) {
        fail(`${key}.sunset`, `${sunset} is earlier than since (${since}); RFC 9745 §4: a Sunset must not be earlier than the Deprecation`)
      }
      if (use !== undefined && use.toUpperCase() === method) fail(`${key}.use`, `${method} is the deprecated method itself`)
      deprecated[method] = deprecation
    }
  }
  return { hidden: false, methods, deprecated }
}

// An API declares the same few dates on many routes: each is read once.
const readDates = new Map<string, boolean>()

// Date.parse reads 2027-02-30 as March 2nd: a day must come back as written.
function isDate (text: string): boolean {
  let valid = readDates.get(text)
  if (valid === undefined) {
    const time = Date.parse(text)
    valid = !Number.isNaN(time) && (text.length > 10 || new Date(time).toISOString().slice(0, 10) === text)
    readDates.set(text, valid)
  }
  return valid
}

function narrow (declared: string[], list: string[], exposesHead: boolean, fail: (why: string) => never): string[] {
  const allow = new Set(list.map(method => method.toUpperCase()))
  // Checked here rather than by the schema's uniqueItems, whose compiled check needs TypeBox at run time.
  if (allow.size < list.length) fail('a method is listed twice')
  for (const method of allow) {
    if (!declared.includes(method)) fail(`${method} is not a method of this route`)
  }
  // Fastify decides to add the HEAD route before onRoute narrows the methods
  // (route.js shouldExposeHead), so that HEAD would outlive the GET it answers for.
  if (exposesHead && declared.includes('GET') && !declared.includes('HEAD') && !allow.has('GET')) {
    fail('GET is left out, but Fastify adds a HEAD route for it; allow GET, or set exposeHeadRoute: false on this route')
  }
  for (const method of [...allow]) {
    const head = follower(method)
    if (head !== undefined) allow.add(head)
  }
  return declared.filter(method => allow.has(method))
}
