import Fastify, { type FastifyInstance, type FastifyRegisterOptions, type FastifyServerOptions } from 'fastify'
import cors, { type FastifyCorsOptions } from '@fastify/cors'
import methodNotAllowed, { type FastifyMethodNotAllowedOptions } from '../../lib/plugin'
import type { CorsFromRoutes } from '../../lib/integrations/cors'

/** A fresh Fastify instance with the plugin registered first, as the README says to. */
export async function build (options?: FastifyMethodNotAllowedOptions, server?: FastifyServerOptions): Promise<FastifyInstance> {
  const app = Fastify(server)
  await app.register(methodNotAllowed, options ?? {})
  return app
}

/** Which of @fastify/cors and the plugin an app registers first: either order must work. */
export const orders = ['cors first', 'plugin first'] as const
export type Order = typeof orders[number]

/** @fastify/cors' options as an app passes them: static, a delegator, or corsFromRoutes()' function of the instance. */
export type CorsRegistration = FastifyRegisterOptions<FastifyCorsOptions> | CorsFromRoutes

export async function registerWithCors (app: FastifyInstance, order: Order, corsOptions: CorsRegistration, options: FastifyMethodNotAllowedOptions = {}): Promise<void> {
  if (order === 'cors first') await app.register(cors, corsOptions)
  await app.register(methodNotAllowed, options)
  if (order === 'plugin first') await app.register(cors, corsOptions)
}

/** The JSON body Fastify's default error handler sends for a 405. */
export function body405 (method: string, url: string, allow: string): Record<string, unknown> {
  return {
    statusCode: 405,
    code: 'FST_ERR_METHOD_NOT_ALLOWED',
    error: 'Method Not Allowed',
    message: `Method ${method} is not allowed for ${url}; allowed: ${allow}`
  }
}

/** Fastify's own 404 body. */
export function body404 (method: string, url: string): Record<string, unknown> {
  return { message: `Route ${method}:${url} not found`, error: 'Not Found', statusCode: 404 }
}

/** The JSON body Fastify's default error handler sends for a 501. */
export function body501 (method: string): Record<string, unknown> {
  return {
    statusCode: 501,
    code: 'FST_ERR_METHOD_NOT_IMPLEMENTED',
    error: 'Not Implemented',
    message: `Method ${method} is not implemented by this server`
  }
}

/** A handler for routes whose answer does not matter. */
export const ok = async (): Promise<string> => 'ok'
