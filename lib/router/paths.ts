import type { MatchingOptions, Params } from './fastify-edge'
import { PrivateRouter } from './private-router'

/**
 * How find-my-way reads a path: where its first segment ends, which patterns
 * catch every path at the root, and what such a pattern captures.
 */

/** Whether a match with these params came from a root catch-all (`/*`, `*`). */
export type RootCatchAllTest = (params: Params, path: string) => boolean

/** A root catch-all pattern (`/*`, `*`): it matches every path. */
export function isRootCatchAllPattern (pattern: string): boolean {
  return rootCatchAllPattern.test(pattern)
}

const rootCatchAllPattern = /^\/?\*$/

/**
 * Whether find-my-way sends the asterisk-form target `*` (RFC 9110 §7.1) to a
 * pattern. Its find() takes a path's first character for the root's `/`
 * without reading it, so `*` routes as `/`; and whether a pattern matches `/`
 * depends on its params (`/:name` matches with an empty param, a regex param
 * where its expression admits the empty string), so a router holding that one
 * pattern is asked.
 */
export function servesAsteriskTarget (pattern: string, options: MatchingOptions): boolean {
  // Past its leading slash, a pattern that starts with text (a slash included:
  // stored patterns keep duplicate slashes only where the router does) needs that text in the path.
  const second = pattern.charCodeAt(1)
  if (pattern[0] === '/' && pattern.length > 1 && second !== 58 && second !== 42) return false
  const router = new PrivateRouter<object>(options)
  router.insert('OPTIONS', pattern, {}, {})
  return router.first('OPTIONS', '/', {}) !== undefined
}

// A first segment that is plain text: no param, wildcard, escaped colon or percent sign.
const plain = /^[^:*%]*$/

/** Whether a pattern's first segment is plain text, compared by the router character by character. */
export function isPlainSegment (segment: string): boolean {
  return plain.test(segment)
}

/** The first segment of a path as the router compares it, or undefined where only the router can tell. */
export function firstSegment (path: string, options: MatchingOptions): string | undefined {
  if (path.charCodeAt(0) !== 47 || path.charCodeAt(1) === 47) return undefined
  let end = 1
  for (; end < path.length; end++) {
    const code = path.charCodeAt(end)
    // find-my-way ends the path at `?` and `#`, and at `;` with useSemicolonDelimiter (lib/url-sanitizer.js).
    if (code === 47 || code === 63 || code === 35 || (code === 59 && options.useSemicolonDelimiter)) break
  }
  const first = path.slice(1, end)
  return options.caseSensitive ? first : first.toLowerCase()
}

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
  // find-my-way ends the path where firstSegment() ends its first segment.
  const end = clean.search(options.useSemicolonDelimiter ? /[?#;]/ : /[?#]/)
  if (end !== -1) clean = clean.slice(0, end)
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
