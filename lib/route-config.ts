import type { Static } from '@sinclair/typebox'
import type { routeConfigSchema } from './schemas/route-config'
import { checkRouteConfig } from './generated/schemas'
import { FST_ERR_METHOD_NOT_ALLOWED_INVALID_ROUTE_CONFIG } from './errors'

export type MethodNotAllowedRouteConfig = Static<typeof routeConfigSchema>

export interface RouteConfigTarget {
  method: string | string[]
  url: string
  /** Fastify will add a HEAD route beside this route's GET (exposeHeadRoute). */
  exposesHead: boolean
}

/**
 * Validates `config.methodNotAllowed` of one route and returns the methods the
 * route keeps (undefined: keep them all), or false when the route is hidden.
 */
export function readRouteConfig (value: unknown, route: RouteConfigTarget): string[] | false | undefined {
  if (value === undefined || value === true) return undefined
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
      detail === undefined ? 'expected false, true or { allow: [...] }' : detail.message)
  }
  if (value === false) return false

  const declared = Array.isArray(route.method) ? route.method : [route.method]
  const allow = new Set((value as { allow: string[] }).allow.map(method => method.toUpperCase()))
  const fail = (why: string): never => {
    throw new FST_ERR_METHOD_NOT_ALLOWED_INVALID_ROUTE_CONFIG(label, route.url, '.allow', why)
  }

  for (const method of allow) {
    if (!declared.includes(method)) fail(`${method} is not a method of this route`)
  }
  // Fastify decides to add the HEAD route before onRoute narrows the methods
  // (route.js shouldExposeHead), so that HEAD would outlive the GET it answers for.
  if (route.exposesHead && declared.includes('GET') && !declared.includes('HEAD') && !allow.has('GET')) {
    fail('GET is left out, but Fastify adds a HEAD route for it; allow GET, or set exposeHeadRoute: false on this route')
  }
  // HEAD follows GET, as Fastify's exposeHeadRoutes ties them.
  if (allow.has('GET')) allow.add('HEAD')
  return declared.filter(method => allow.has(method))
}
