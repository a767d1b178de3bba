import type { CorsFromRoutes, CorsFromRoutesOptions, CorsPreflightOptions } from '../../types/index'

/**
 * How @fastify/cors 11 reads its options and answers, as corsFromRoutes
 * (lib/integrations/cors.ts) relies on it; test/fastify/cors-hooks.test.ts and
 * test/fastify/cors.test.ts pin each point against the installed package.
 */

/**
 * @fastify/cors reads hook, hideOptionsRoute and logLevel once, beside the
 * delegator (index.js: `const { delegator, ...options } = opts`), and the
 * rest per request from what the delegator returns.
 */
export function splitCorsOptions (options: CorsFromRoutesOptions): { once: Omit<CorsFromRoutes, 'delegator'>, perRequest: CorsPreflightOptions } {
  const { hook, hideOptionsRoute, logLevel, ...perRequest } = options
  const once: Omit<CorsFromRoutes, 'delegator'> = {}
  if (hook !== undefined) once.hook = hook
  if (hideOptionsRoute !== undefined) once.hideOptionsRoute = hideOptionsRoute
  if (logLevel !== undefined) once.logLevel = logLevel
  return { once, perRequest }
}

/**
 * `preflight: false` makes @fastify/cors add its headers to a plain OPTIONS
 * and carry on, where its strictPreflight would answer 400: cors' OPTIONS *
 * route then calls callNotFound() and the plugin answers 200 + Allow.
 */
export function withoutPreflight (perRequest: CorsPreflightOptions): CorsPreflightOptions {
  return { ...perRequest, preflight: false }
}

/**
 * origin: false is how @fastify/cors steps aside (index.js, "Disable CORS
 * and preflight if false"): the preflight goes on to the router like any
 * OPTIONS request, and an unknown or hidden URL gets its plain 404.
 */
export const corsStepsAside: CorsPreflightOptions = { origin: false }

// @fastify/cors 11 names its hook function so in every form (index.js).
const corsHookName = 'handleCors'

/** Whether @fastify/cors's hook is among these hook functions' names. */
export function runsCorsHook (hookNames: readonly string[]): boolean {
  return hookNames.includes(corsHookName)
}
