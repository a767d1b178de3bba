import { readPattern } from '../model/pattern'
import type { MethodSurface } from '../model/surface'

/** The hint a 405 message ends with (`; POST is served at /posts`), or '' where no visible pattern is near. */
export type HintFor = (method: string, url: string) => string

/** A pattern's segments: the text of a plain one, undefined for one with a parameter or a wildcard. */
type Segments = ReadonlyArray<string | undefined>

interface Served {
  pattern: string
  segments: Segments
}

/**
 * The farthest a hinted pattern may be: two segments removed from or added to
 * the end of the request's path, once they share their first segments. A
 * parent or a child is one away, a sibling or a grandparent two.
 */
const nearby = 2

/**
 * Built once at ready from the method surface (lib/ready/surface.ts), which
 * lists visible patterns only: a hidden route is never named. For each
 * method, the patterns that serve it, fewer segments first and then in the
 * surface's sorted order, so that the first nearest pattern found is the one
 * named: ties go to the pattern nearer the root, then to the first in order.
 */
export function buildHints (surface: MethodSurface): HintFor {
  const byMethod = new Map<string, Served[]>()
  for (const [pattern, { allow }] of Object.entries(surface)) {
    const segments = segmentsOf(pattern)
    for (const method of allow) {
      const served = byMethod.get(method) ?? []
      served.push({ pattern, segments })
      byMethod.set(method, served)
    }
  }
  for (const served of byMethod.values()) served.sort((a, b) => a.segments.length - b.segments.length)

  return function hintFor (method, url) {
    const served = byMethod.get(method)
    if (served === undefined) return ''
    const path = pathSegments(url)
    let best: Served | undefined
    let bestDistance = nearby + 1
    for (const candidate of served) {
      const distance = distanceOf(candidate.segments, path)
      // 0 is the request's own URL by this rough measure (a regular
      // expression may refuse it): the router said the method is not served there.
      if (distance > 0 && distance < bestDistance) {
        best = candidate
        bestDistance = distance
      }
    }
    return best === undefined ? '' : `; ${method} is served at ${best.pattern}`
  }
}

/** The segments of a route pattern; `/` has none. */
function segmentsOf (pattern: string): Segments {
  const segments: Array<string | undefined> = []
  let current: string | undefined = ''
  for (const part of readPattern(pattern)) {
    if (part.kind !== 'static') {
      current = undefined
      continue
    }
    const pieces = part.text.split('/')
    for (let i = 0; i < pieces.length; i++) {
      if (i > 0) {
        segments.push(current)
        current = ''
      }
      if (current !== undefined) current += pieces[i]
    }
  }
  segments.push(current)
  return trim(segments)
}

/** The segments of a request's path, query left out. */
function pathSegments (url: string): string[] {
  const query = url.indexOf('?')
  return trim((query === -1 ? url : url.slice(0, query)).split('/')) as string[]
}

/**
 * Without the empty segment before the leading slash, nor the one after a
 * trailing slash: Fastify's patterns and a request's path start with `/`
 * (Fastify reads a route `*` as `/*`).
 */
function trim<T> (segments: T[]): T[] {
  return segments.slice(1, segments[segments.length - 1] === '' ? -1 : undefined)
}

/**
 * Segments to remove from the end of the path, then to add, to reach the
 * pattern: a segment with a parameter matches any segment of the path.
 */
function distanceOf (pattern: Segments, path: readonly string[]): number {
  let common = 0
  while (common < pattern.length && common < path.length && (pattern[common] === undefined || pattern[common] === path[common])) common++
  return (path.length - common) + (pattern.length - common)
}
