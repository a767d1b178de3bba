import type { CandidateList } from '../model/candidates'
import type { Matcher, Resolution } from './matcher'

/** What the answers depend on besides the path and method: the route table, and the clock across its sunsets. */
export interface Generation {
  /** The instants at which some route retires a method, sorted (lib/model/table.ts); none: answers never change. */
  readonly sunsets?: readonly number[]
}

/** The cache starts afresh whenever `table` changes (a route table read afresh, before ready) or the clock crosses one of its sunsets. */
export type CachedMatcher = (table: Generation, candidates: CandidateList, path: string, method: string) => Resolution

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
 * resolution depends on the path and the method alone, and on the clock only
 * where it crosses a sunset (lib/model/deprecation.ts isRetired: retired from
 * the sunset on). A new route table (read afresh, before ready) empties the
 * cache, and so does the clock leaving the window between two sunsets it was
 * in, forward past the next or back before the last (an injected clock may go
 * back). A table without sunsets, whose deprecations never retire or were
 * declared retired, asks no clock. Bounded three ways: paths,
 * path length, and admission (one miss in `admitEvery` is stored).
 */
export function createResolutionCache (resolve: Matcher, limits: CacheLimits = defaultLimits, now: () => number = Date.now): CachedMatcher {
  const paths = new Map<string, Map<string, Resolution>>()
  let known: Generation | undefined
  // The window [from, to) between two sunsets the entries were resolved in.
  let from = -Infinity
  let to = Infinity
  let misses = 0

  function startAfresh (table: Generation, time: number): void {
    paths.clear()
    known = table
    const sunsets = table.sunsets ?? []
    let next = 0
    while (next < sunsets.length && sunsets[next] <= time) next++
    from = next === 0 ? -Infinity : sunsets[next - 1]
    to = next === sunsets.length ? Infinity : sunsets[next]
  }

  return function cachedResolve (table, candidates, path, method) {
    if (table.sunsets === undefined || table.sunsets.length === 0) {
      if (table !== known) startAfresh(table, 0)
    } else {
      const time = now()
      if (table !== known || time < from || time >= to) startAfresh(table, time)
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
