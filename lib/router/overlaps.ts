import type { MatchingOptions } from './fastify-edge'

/**
 * Which routes can match a path that a given route matches: only they can
 * be chosen over it for some request. find-my-way compares a path segment by
 * segment: a plain segment matches only itself (lower-cased both sides when
 * not caseSensitive), a parameter matches within one segment (it ends at the
 * next `/`), and only a wildcard matches across segments. So two patterns
 * whose plain segments differ somewhere, or with different numbers of
 * segments, share no path. Whatever this reading cannot tell (a wildcard, a
 * regular expression, an optional parameter, an escaped or percent-encoded
 * character, a semicolon) counts as sharing a path with every route.
 */

/** A pattern's segments, null where a parameter stands; undefined: it may share a path with any route. */
export type Shape = ReadonlyArray<string | null> | undefined

const unreadable = /[*(?%;]/

export function shapeOf (pattern: string, options: MatchingOptions): Shape {
  if (unreadable.test(pattern)) return undefined
  let path = pattern
  if (options.ignoreDuplicateSlashes) path = path.replace(/\/{2,}/g, '/')
  // The root path keeps its slash.
  if (options.ignoreTrailingSlash) path = path.replace(/(.)\/+$/, '$1')
  if (!options.caseSensitive) path = path.toLowerCase()
  // `::` (an escaped colon) is read as a parameter: it then shares more, never less.
  return path.split('/').map(segment => segment.includes(':') ? null : segment)
}

// A parameter that is its segment's whole text: it matches any one segment, the empty one included.
const wholeParam = /^:\w+$/

/** Whether the pattern is plain segments and whole-segment parameters: pathShape() then tells exactly whether it matches a path. */
export function isSimplePattern (pattern: string, options: MatchingOptions): boolean {
  const shape = shapeOf(pattern, options)
  return shape !== undefined && pattern.split('/').every(segment => !segment.includes(':') || wholeParam.test(segment))
}

/**
 * A path's segments as find-my-way compares them with simple patterns;
 * undefined where only the router can tell: a percent-encoded character,
 * `#`, a semicolon under useSemicolonDelimiter, an absolute-form target, and
 * the slashes that ignoreDuplicateSlashes or ignoreTrailingSlash rewrite.
 */
export function pathShape (path: string, options: MatchingOptions): string[] | undefined {
  if (path.charCodeAt(0) !== 47 || path.includes('%') || path.includes('#') || (options.useSemicolonDelimiter && path.includes(';'))) return undefined
  if (options.ignoreDuplicateSlashes && path.includes('//')) return undefined
  if (options.ignoreTrailingSlash && path.length > 1 && path.endsWith('/')) return undefined
  return (options.caseSensitive ? path : path.toLowerCase()).split('/')
}

// Most nodes are leaves, or hold one kind of child: what a node lacks costs nothing.
interface Node<Item> {
  plain?: Map<string, Node<Item>>
  param?: Node<Item>
  items?: Item[]
}

/** Items by the pattern of their route, asked which may share a path with a pattern. */
export class OverlapIndex<Item> {
  private readonly root: Node<Item> = {}
  /** Items whose pattern this reading cannot tell: they may share a path with anything. */
  private readonly unread: Item[] = []
  private readonly all: Item[] = []

  /**
   * `shapes`, where given, keeps each pattern's shape for indexes of several
   * methods, which read the same patterns; an index kept for the life of the
   * app takes none, so as not to keep them.
   */
  constructor (private readonly options: MatchingOptions, private readonly shapes?: Map<string, Shape>) {}

  private shapeOf (pattern: string): Shape {
    if (this.shapes === undefined) return shapeOf(pattern, this.options)
    if (this.shapes.has(pattern)) return this.shapes.get(pattern)
    const shape = shapeOf(pattern, this.options)
    this.shapes.set(pattern, shape)
    return shape
  }

  add (pattern: string, item: Item): void {
    this.all.push(item)
    const shape = this.shapeOf(pattern)
    if (shape === undefined) {
      this.unread.push(item)
      return
    }
    let at = this.root
    for (const segment of shape) {
      let next = segment === null ? at.param : at.plain?.get(segment)
      if (next === undefined) {
        next = {}
        if (segment === null) at.param = next
        else (at.plain ??= new Map()).set(segment, next)
      }
      at = next
    }
    ;(at.items ??= []).push(item)
  }

  /** The items of simple patterns (isSimplePattern) that match a path of this shape (pathShape). */
  matching (path: readonly string[]): Item[] {
    const found: Item[] = []
    const walk = (at: Node<Item>, depth: number): void => {
      if (depth === path.length) {
        if (at.items !== undefined) found.push(...at.items)
        return
      }
      const next = at.plain?.get(path[depth])
      if (next !== undefined) walk(next, depth + 1)
      if (at.param !== undefined) walk(at.param, depth + 1)
    }
    walk(this.root, 0)
    return found
  }

  /** Every item whose pattern may match a path that `pattern` matches, `pattern`'s own included. */
  mayShare (pattern: string): Item[] {
    const shape = this.shapeOf(pattern)
    if (shape === undefined) return this.all
    const found = [...this.unread]
    const walk = (at: Node<Item>, depth: number): void => {
      if (depth === shape.length) {
        if (at.items !== undefined) found.push(...at.items)
        return
      }
      const segment = shape[depth]
      if (segment === null) {
        for (const next of at.plain?.values() ?? []) walk(next, depth + 1)
      } else {
        const next = at.plain?.get(segment)
        if (next !== undefined) walk(next, depth + 1)
      }
      if (at.param !== undefined) walk(at.param, depth + 1)
    }
    walk(this.root, 0)
    return found
  }
}
