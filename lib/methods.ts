import type { FastifyInstance } from 'fastify'

export interface MethodTable {
  /** fastify.supportedMethods, sorted: the order of every Allow list. */
  sorted: readonly string[]
  supported: ReadonlySet<string>
}

export function methodTable (supportedMethods: readonly string[]): MethodTable {
  const sorted = [...supportedMethods].sort()
  return { sorted, supported: new Set(sorted) }
}

/**
 * Methods with at least one route anywhere, for `OPTIONS *`. Asked once of
 * the router itself, so routes declared before the plugin count too.
 */
export function routedAnywhere (fastify: FastifyInstance, sorted: readonly string[], autoOptions: boolean): string[] {
  return sorted.filter(method =>
    (autoOptions && method === 'OPTIONS') || fastify.printRoutes({ method }) !== '(empty tree)')
}
