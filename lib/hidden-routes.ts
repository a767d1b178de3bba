import FindMyWay from 'find-my-way'
import type { MatchingOptions } from './router-options'

type Constraints = Record<string, unknown> | undefined

/** Fastify's router: whether it holds a route with exactly this pattern and these constraints. */
export type RouteExists = (method: string, pattern: string, constraints: Constraints) => boolean

export interface HiddenRoutes {
  /** Every route the plugin sees, hidden or not: a visible route may win over a hidden pattern. */
  add (methods: readonly string[], pattern: string, constraints: Constraints, hidden: boolean): void
  /** A pattern that Fastify may insert next to the one onRoute reported; it counts once Fastify's router holds it. */
  addIfRouted (methods: readonly string[], pattern: string, constraints: Constraints, hidden: boolean): void
  /** Whether a route with `config.methodNotAllowed: false` is the one that serves this URL, for some method and client. */
  matches (url: string): boolean
  /** The routes are final (onReady): without a hidden route, forget them all. */
  seal (): void
}

interface Entry {
  methods: readonly string[]
  pattern: string
  /** As declared, for RouteExists. */
  declared: Constraints
  /** The part this router can evaluate. */
  constraints: Record<string, unknown>
  hidden: boolean
}

interface Store { hidden: boolean }

type Router = FindMyWay.Instance<FindMyWay.HTTPVersion.V1>

// find-my-way wants a handler, but this router is only ever asked find().
/* c8 ignore next */
function noop (): void {}

// The strategies find-my-way ships; a route with any other constraint matches
// here without it.
const builtInConstraints = new Set(['version', 'host'])

/**
 * Fastify's findRoute() says that a URL matches, not which route matched. A
 * hidden pattern alone is not enough either: `/:slug` matches `/users`, where
 * the router serves the static `/users` route (fuzzing found this). So every
 * route gets a twin in a private router built with the same matching options,
 * remembering whether it is hidden, and the router's own priorities tell which
 * route serves a URL. The router is built at the first question, and only once
 * a hidden route exists: other apps pay one boolean test per not-found request.
 */
export function createHiddenRoutes (options: MatchingOptions, exists: RouteExists): HiddenRoutes {
  let router: Router | null = null
  let anyHidden = false
  // Not in the router yet, in registration order. `verify`: Fastify inserts
  // `/v1/` beside `/v1` after onRoute has run, and only under conditions
  // onRoute cannot see (the route's own path was `/` rather than ``, no
  // ignoreTrailingSlash, not a HEAD route...), so it counts once Fastify has it.
  const pending: Array<{ entry: Entry, verify: boolean }> = []
  // Only a method with a hidden route can find one, and a hidden route wins
  // most easily for clients that send its own constraint values (or none):
  // those are the questions asked, so apps pay for what they hide.
  const methods = new Set<FindMyWay.HTTPMethod>()
  const variants = new Map<string, Record<string, unknown> | undefined>([['', undefined]])

  function entry (routeMethods: readonly string[], pattern: string, declared: Constraints, hidden: boolean): Entry {
    anyHidden ||= hidden
    const constraints: Record<string, unknown> = {}
    for (const key of Object.keys(declared ?? {}).sort()) {
      if (builtInConstraints.has(key)) constraints[key] = (declared as Record<string, unknown>)[key]
    }
    if (hidden && Object.keys(constraints).length > 0) variants.set(JSON.stringify(constraints), constraints)
    return { methods: routeMethods, pattern, declared, constraints, hidden }
  }

  function insert (into: Router, { methods: routeMethods, pattern, constraints, hidden }: Entry): void {
    for (const method of routeMethods as FindMyWay.HTTPMethod[]) {
      if (hidden) methods.add(method)
      try {
        into.on(method, pattern, { constraints }, noop, { hidden })
      } catch {
        // A duplicate, which Fastify's router then refused too, silently: the
        // only duplicates an app starts with are HEAD routes Fastify adds
        // itself (route.js ignores that error), such as `HEAD /` beside the
        // one exposed for `GET /:opt?`, or `/:a(^\d+$)` beside `/:b(^[a-z]+$)`,
        // which find-my-way takes for one pattern. The first route stays, as there.
      }
    }
  }

  function settle (): Router {
    // The patterns are already accepted by Fastify's router, regex and all.
    const into = router ??= FindMyWay({ ...options, allowUnsafeRegex: true } as FindMyWay.Config<FindMyWay.HTTPVersion.V1>)
    for (const { entry: waiting, verify } of pending.splice(0)) {
      const routed = verify ? waiting.methods.filter(method => exists(method, waiting.pattern, waiting.declared)) : waiting.methods
      insert(into, { ...waiting, methods: routed })
    }
    return into
  }

  return {
    add (routeMethods, pattern, constraints, hidden) {
      pending.push({ entry: entry(routeMethods, pattern, constraints, hidden), verify: false })
    },

    addIfRouted (routeMethods, pattern, constraints, hidden) {
      pending.push({ entry: entry(routeMethods, pattern, constraints, hidden), verify: true })
    },

    matches (url) {
      if (!anyHidden) return false
      const into = router !== null && pending.length === 0 ? router : settle()
      for (const method of methods) {
        for (const values of variants.values()) {
          const found = into.find(method, url, values)
          if (found !== null && (found.store as Store).hidden) return true
        }
      }
      return false
    },

    seal () {
      // No route can be added once the app is ready, so without a hidden one
      // no question will ever need them: an app with 10,000 routes and none
      // hidden would otherwise keep 15,000 entries (issue 3: heap after ready()).
      if (!anyHidden) pending.length = 0
    }
  }
}
