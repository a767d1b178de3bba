import type { MatchingOptions } from './router-options'
import type { Params, RootCatchAllTest } from './matcher'

export interface WildcardMethods {
  /** Methods with a root catch-all route (`/*` or `*`). */
  root: Set<string>
  /** Methods with any other wildcard route (`/files/*`). */
  other: Set<string>
}

/**
 * Root catch-alls (@fastify/static at `/`, SPA fallbacks) match every URL; if
 * they made every URL a resource, every typo would answer 405. A wildcard match
 * is told apart by its `*` param: a root catch-all captures the whole path.
 */
export function createRootCatchAllTest (wildcards: WildcardMethods, options: MatchingOptions): RootCatchAllTest {
  return function isRootCatchAll (method: string, params: Params, path: string): boolean {
    const star = params['*']
    if (star === undefined || !wildcards.root.has(method)) return false
    // With a single wildcard route for this method, the match can only be it.
    if (!wildcards.other.has(method)) return true
    return star === rootCapture(path, options)
  }
}

/** What find-my-way captures as `*` for a root catch-all: the whole normalised path. */
function rootCapture (path: string, options: MatchingOptions): string {
  let clean = path
  if (options.useSemicolonDelimiter) {
    const semicolon = clean.indexOf(';')
    if (semicolon !== -1) clean = clean.slice(0, semicolon)
  }
  if (options.ignoreDuplicateSlashes) clean = clean.replace(/\/{2,}/g, '/')
  if (options.ignoreTrailingSlash && clean.length > 1 && clean.endsWith('/')) clean = clean.slice(0, -1)
  clean = clean.slice(1)
  try {
    return decodeURIComponent(clean)
  } catch {
    return clean
  }
}
