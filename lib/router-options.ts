import type { FastifyInstance } from 'fastify'

export interface MatchingOptions {
  caseSensitive: boolean
  ignoreTrailingSlash: boolean
  ignoreDuplicateSlashes: boolean
  useSemicolonDelimiter: boolean
  maxParamLength: number
}

const defaults: MatchingOptions = {
  caseSensitive: true,
  ignoreTrailingSlash: false,
  ignoreDuplicateSlashes: false,
  useSemicolonDelimiter: false,
  maxParamLength: 100
}

type Config = Partial<MatchingOptions> & { routerOptions?: Partial<MatchingOptions> }

/**
 * The matching options Fastify's router runs with, for the few patterns the
 * plugin matches itself (hidden routes). Fastify 5 takes them from
 * `routerOptions` or, deprecated, from the top level; `initialConfig` fills
 * defaults into both, so a non-default value in `routerOptions` wins and the
 * top level decides otherwise, as Fastify's own buildRouterOptions does.
 */
export function matchingOptions (fastify: FastifyInstance): MatchingOptions {
  const config = fastify.initialConfig as Config
  const resolved = { ...defaults }
  for (const key of Object.keys(defaults) as Array<keyof MatchingOptions>) {
    const fromRouter = config.routerOptions?.[key]
    const value = fromRouter !== undefined && fromRouter !== defaults[key] ? fromRouter : config[key]
    if (value !== undefined) (resolved as Record<string, unknown>)[key] = value
  }
  return resolved
}
