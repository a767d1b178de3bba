import type { MatchingOptions, Params } from './fastify-edge'
import type { RootCatchAllTest } from '../request/matcher'

/**
 * Root catch-alls (@fastify/static at `/`, SPA fallbacks, the OPTIONS route of
 * @fastify/cors) match every URL; if they made every URL a resource, every typo
 * would answer 405. findRoute() does not say which route matched, but a root
 * catch-all captures the whole path as its `*` param, and any other wildcard
 * captures strictly less of it (`/*` captures it without its leading slash,
 * `*` with it). Works for routes declared before the plugin too.
 */
export function createRootCatchAllTest (options: MatchingOptions): RootCatchAllTest {
  let lastPath = ''
  let lastCapture = ''
  let lastSlashed = '/'
  return function isRootCatchAll (params: Params, path: string): boolean {
    const star = params['*']
    if (star === undefined) return false
    // Several methods of one request ask about the same path in a row.
    if (path !== lastPath) {
      lastPath = path
      lastCapture = rootCapture(path, options)
      lastSlashed = '/' + lastCapture
    }
    return star === lastCapture || star === lastSlashed
  }
}

/** What find-my-way captures as `*` for a root catch-all: the whole normalised, decoded path. */
export function rootCapture (path: string, options: MatchingOptions): string {
  let clean = path[0] === '/' ? path : pathOfAbsoluteForm(path)
  if (options.useSemicolonDelimiter) {
    const semicolon = clean.indexOf(';')
    if (semicolon !== -1) clean = clean.slice(0, semicolon)
  }
  if (options.ignoreDuplicateSlashes) clean = clean.replace(/\/{2,}/g, '/')
  if (options.ignoreTrailingSlash && clean.length > 1 && clean.endsWith('/')) clean = clean.slice(0, -1)
  clean = clean.slice(1)
  if (!clean.includes('%')) return clean
  try {
    return decodeURIComponent(clean)
  } catch {
    // The router rejects such a URL before any route matches it.
    return clean
  }
}

/** RFC 9112 §3.2.2: `http://host/path` routes as `/path` (find-my-way does the same). */
function pathOfAbsoluteForm (url: string): string {
  const authority = url.indexOf('://')
  const slash = authority === -1 ? -1 : url.indexOf('/', authority + 3)
  return slash === -1 ? '/' : url.slice(slash)
}
