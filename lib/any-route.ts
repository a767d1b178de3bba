import type { MatchingOptions, RouteEntry } from './fastify-edge'

/** False only when no route that can make a URL a resource matches the path, for any method or constraint value. */
export type AnyRouteTest = (path: string) => boolean

const always: AnyRouteTest = () => true

// A root catch-all (`/*`, `*`) or a pattern whose first segment is not plain
// text (a param, a wildcard, an escaped colon, a percent sign): these need the router.
const rootCatchAll = /^\/?\*$/
const plain = /^[^:*%]*$/

/**
 * Scanners send a new URL on almost every request, and for each one the
 * matcher asks Fastify's router once per method in use. Most such URLs share
 * no first path segment with any route: a set of the routes' first segments
 * tells so in one lookup, and costs a few strings of memory. The test only
 * ever says no where no route can match (find-my-way matches a static
 * segment character by character), and says yes, leaving the decision to the
 * router, wherever a path needs what the router alone does (decoding,
 * duplicate slashes, absolute-form targets).
 *
 * OPTIONS routes and root catch-alls never make a URL a resource
 * (lib/matcher.ts), so they do not count, unless catchAllIsResource.
 */
export function createAnyRouteTest (routes: readonly RouteEntry[], options: MatchingOptions, catchAllIsResource: boolean): AnyRouteTest {
  const firsts = new Set<string>()
  for (const { method, pattern } of routes) {
    if (method === 'OPTIONS') continue
    if (rootCatchAll.test(pattern)) {
      if (catchAllIsResource) return always
      continue
    }
    const first = firstSegment(pattern, options)
    if (first === undefined || !plain.test(first)) return always
    firsts.add(first)
  }
  return function anyRoute (path) {
    const first = firstSegment(path, options)
    return first === undefined || first.includes('%') || firsts.has(first)
  }
}

/** The first segment of a path as the router compares it, or undefined where only the router can tell. */
function firstSegment (path: string, options: MatchingOptions): string | undefined {
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
