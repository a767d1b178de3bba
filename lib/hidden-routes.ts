import FindMyWay from 'find-my-way'
import type { MatchingOptions } from './router-options'

export interface HiddenRoutes {
  add (pattern: string): void
  /** Whether a route with `config.methodNotAllowed: false` matches this URL's path. */
  matches (url: string): boolean
}

function noop (): void {}

/**
 * Fastify's findRoute() says that a URL matches, not which route matched, so the
 * patterns of hidden routes get a router of their own, built with the same
 * matching options and only when a hidden route exists.
 */
export function createHiddenRoutes (options: MatchingOptions): HiddenRoutes {
  let router: FindMyWay.Instance<FindMyWay.HTTPVersion.V1> | null = null
  const patterns = new Set<string>()

  return {
    add (pattern) {
      if (patterns.has(pattern)) return
      patterns.add(pattern)
      // The pattern is already accepted by Fastify's router, regex and all.
      router ??= FindMyWay({ ...options, allowUnsafeRegex: true } as FindMyWay.Config<FindMyWay.HTTPVersion.V1>)
      router.on('GET', pattern, noop)
    },
    matches (url) {
      return router !== null && router.find('GET', url) !== null
    }
  }
}
