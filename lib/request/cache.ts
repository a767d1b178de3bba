import type { CandidateList } from '../model/candidates'
import type { Matcher, Resolution } from './matcher'

/** `generation` changes whenever the routes may have (a new route table): the cache starts afresh. */
export type CachedMatcher = (generation: object, candidates: CandidateList, path: string, method: string) => Resolution

export interface CacheLimits {
  /** Paths remembered at most; the oldest is forgotten first. */
  paths: number
  /** Longer paths are resolved every time: a few huge URLs cannot fill the heap. */
  pathLength: number
  /** One miss in this many is remembered. */
  admitEvery: number
}

// About 1,000 * (256 characters + a few small objects): well under a megabyte
// however many distinct URLs arrive (benchmarks/memory.js: heap growth after a million unique URLs). A URL
// that comes back gets in after a few misses; a stream of URLs that never come
// back (scanners, random probes) would otherwise replace an entry per request,
// and every replaced entry is garbage that has lived long enough to cost a
// full GC (benchmarks/icount.js, the unique-URL scenarios).
export const defaultLimits: CacheLimits = { paths: 1000, pathLength: 256, admitEvery: 8 }

/**
 * Remembers the resolution of (path, method) pairs that reached the not-found
 * handler, so that a repeated 405, 404 or automatic OPTIONS skips the router
 * lookups. Only for requests without constraint
 * values: Fastify's router cannot change once the app is ready, so then the
 * resolution depends on the path and the method alone. A new generation
 * (a route table read afresh, before ready) empties the cache. Bounded three ways: paths,
 * path length, and admission (one miss in `admitEvery` is stored).
 */
export function createResolutionCache (resolve: Matcher, limits: CacheLimits = defaultLimits): CachedMatcher {
  const paths = new Map<string, Map<string, Resolution>>()
  let known: object | undefined
  let misses = 0

  return function cachedResolve (generation, candidates, path, method) {
    if (generation !== known) {
      paths.clear()
      known = generation
    }
    let byMethod = paths.get(path)
    const hit = byMethod?.get(method)
    if (hit !== undefined) return hit

    const entry = resolve(candidates, path, method)
    if (path.length > limits.pathLength || ++misses % limits.admitEvery !== 0) return entry
    if (byMethod === undefined) {
      // Map iterates in insertion order: the first key is the oldest path.
      if (paths.size >= limits.paths) paths.delete(paths.keys().next().value as string)
      paths.set(path, byMethod = new Map())
    }
    byMethod.set(method, entry)
    return entry
  }
}
