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

// Fastify keeps the options it built its router with, both forms already
// merged by its buildRouterOptions, under a symbol of its own (fastify.js kOptions).
const optionsSymbol = 'fastify.options'

function builtRouterOptions (fastify: object): Partial<MatchingOptions> | undefined {
  for (let level: object | null = fastify; level !== null; level = Object.getPrototypeOf(level)) {
    for (const symbol of Object.getOwnPropertySymbols(level)) {
      if (symbol.description === optionsSymbol) {
        return (level as Record<symbol, { routerOptions?: Partial<MatchingOptions> } | undefined>)[symbol]?.routerOptions
      }
    }
  }
  return undefined
}

/**
 * The matching options Fastify's router runs with, for the few patterns the
 * plugin matches itself (hidden routes, root catch-alls). Read from the router
 * options Fastify built: `initialConfig` fills defaults into both
 * `routerOptions` and the deprecated top level, so it cannot tell an explicit
 * `routerOptions: { ignoreTrailingSlash: false }` (which wins) from a default
 * (fuzzing found this). Without that symbol, a non-default value in
 * `routerOptions` wins and the top level decides otherwise.
 */
export function matchingOptions (fastify: FastifyInstance): MatchingOptions {
  const resolved = { ...defaults }
  const built = builtRouterOptions(fastify)
  const config = fastify.initialConfig as Config
  for (const key of Object.keys(defaults) as Array<keyof MatchingOptions>) {
    let value: boolean | number | undefined
    if (built !== undefined) {
      value = built[key]
    } else {
      const fromRouter = config.routerOptions?.[key]
      value = fromRouter !== undefined && fromRouter !== defaults[key] ? fromRouter : config[key]
    }
    if (value !== undefined) (resolved as Record<string, unknown>)[key] = value
  }
  return resolved
}
