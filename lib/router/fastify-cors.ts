import type { FastifyReply, FastifyRequest } from 'fastify'
import type { CorsFromRoutesOptions } from '../../types/index'

/**
 * How @fastify/cors 11 reads its options and answers, as corsFromRoutes
 * (lib/integrations/cors.ts) relies on it; test/router/fastify-cors.test.ts,
 * test/fastify/cors-hooks.test.ts and test/fastify/cors.test.ts pin each
 * point against the installed package.
 */

/**
 * Static options are normalised once, at registration, where a delegator's
 * would be copied on every request (index.js normalizeCorsOptions). With
 * `preflight: false` cors adds its headers to every request, an OPTIONS one
 * included, and goes on: where strictPreflight would answer a plain OPTIONS
 * 400, cors' OPTIONS * route calls callNotFound() and the plugin answers
 * 200 + Allow; preflights are answered right after cors' hook.
 */
export function withoutPreflight<Options extends CorsFromRoutesOptions> (options: Options): Options & { preflight: false } {
  return { ...options, preflight: false }
}

// @fastify/cors 11 names its hook function so in every form (index.js).
export const corsHookName = 'handleCors'

/** Whether @fastify/cors's hook is among these hook functions' names. */
export function runsCorsHook (hookNames: readonly string[]): boolean {
  return hookNames.includes(corsHookName)
}

/**
 * The headers cors sets on a request whose origin it accepts (index.js
 * addCorsHeaders): Access-Control-Allow-Origin only then, the other two
 * whenever configured.
 */
const corsHeaders = ['access-control-allow-origin', 'access-control-allow-credentials', 'access-control-expose-headers']

/** Whether cors accepted the request's origin: it set Access-Control-Allow-Origin. */
export function corsAllowed (reply: FastifyReply): boolean {
  return reply.hasHeader(corsHeaders[0])
}

/** Takes back the headers cors set, as if its `origin` had been false for this request. */
export function corsStepsAside (reply: FastifyReply): void {
  for (const name of corsHeaders) reply.removeHeader(name)
}

/**
 * With preflightContinue, cors marks a preflight it let through, and its
 * `OPTIONS *` route then answers an empty 200 instead of calling
 * callNotFound() (index.js, `req.corsPreflightEnabled`).
 */
export function markCorsPreflight (request: FastifyRequest): void {
  (request as unknown as { corsPreflightEnabled: boolean }).corsPreflightEnabled = true
}
