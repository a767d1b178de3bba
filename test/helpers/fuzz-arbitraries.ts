import fc from 'fast-check'
import { defaultMethods, extraMethods, type AppSpec, type Registration, type RouteConstraints, type RouteSpec, type ScopeSpec } from './fuzz-model'

/**
 * Generators of route tables and of requests aimed at them. Values come from
 * small pools on purpose: collisions between routes (same segment as static,
 * param and regex; same path in two scopes) are where routers disagree.
 */

export interface RequestSpec {
  method: string
  url: string
  headers: Record<string, string>
}

export interface FuzzCase {
  spec: AppSpec
  requests: RequestSpec[]
}

export const versions = ['1.0.0', '2.0.0']
export const hosts = ['a.example', 'b.example']
export const tenants = ['a', 'b']

const statics = ['a', 'b', 'users', 'Users', 'me', 'files', 'x.y', 'item-1', 'v2']
const params = [':id', ':name', ':slug']
// Several params in one segment, and a param followed by a static suffix.
const multiParams = [':from-:to', ':a.:b', ':file.png']
const regexParams = [':id(^\\d+$)', ':slug(^[a-z]+$)', ':n(^\\d+)-:m(^\\d+)', ':file(^\\w+).png', ':ver(^v\\d+$)']

const segment = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...statics) },
  { weight: 3, arbitrary: fc.constantFrom(...params) },
  { weight: 1, arbitrary: fc.constantFrom(...multiParams) },
  { weight: 1, arbitrary: fc.constantFrom(...regexParams) }
)

const tail = fc.oneof(
  { weight: 8, arbitrary: fc.constant('') },
  { weight: 2, arbitrary: fc.constant('*') },
  { weight: 1, arbitrary: fc.constant(':opt?') },
  { weight: 1, arbitrary: fc.constant('/') }
)

export const routePath: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 20,
    arbitrary: fc.tuple(fc.array(segment, { maxLength: 3 }), tail).map(([segments, end]) => {
      const parts = [...segments]
      if (end === '*' || end === ':opt?') parts.push(end)
      const path = '/' + parts.join('/')
      return end === '/' && parts.length > 0 ? path + '/' : path
    })
  },
  // The root catch-alls in both spellings, and the empty path and the root
  // path of a prefixed scope (which prefixTrailingSlash joins to the prefix).
  { weight: 3, arbitrary: fc.constantFrom('/*', '*', '', '/') }
)

const prefixes = ['/v1', '/api', '/API', '/v1/', '/s/', '/p/:x', '']

const scope: fc.Arbitrary<ScopeSpec> = fc.record({
  prefix: fc.constantFrom(...prefixes),
  parent: fc.integer({ min: -1, max: 2 }),
  notFound: fc.boolean()
})

const builtInConstraints = fc.oneof(
  { weight: 12, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.record({ version: fc.constantFrom(...versions) }) },
  { weight: 2, arbitrary: fc.record({ host: fc.constantFrom(...hosts) }) },
  { weight: 1, arbitrary: fc.record({ version: fc.constantFrom(...versions), host: fc.constantFrom(...hosts) }) }
)

function constraintsOf (customConstraint: boolean): fc.Arbitrary<RouteConstraints | undefined> {
  if (!customConstraint) return builtInConstraints
  return fc.oneof(
    { weight: 4, arbitrary: builtInConstraints },
    { weight: 2, arbitrary: fc.record({ tenant: fc.constantFrom(...tenants) }) },
    { weight: 1, arbitrary: fc.record({ tenant: fc.constantFrom(...tenants), version: fc.constantFrom(...versions) }) }
  )
}

function methodOf (customMethods: string[]): fc.Arbitrary<string | string[]> {
  const all = [...defaultMethods, ...customMethods]
  const options = [
    { weight: 6, arbitrary: fc.constantFrom('GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'QUERY', 'TRACE') as fc.Arbitrary<string | string[]> },
    { weight: 2, arbitrary: fc.subarray(all, { minLength: 1, maxLength: 3 }) as fc.Arbitrary<string | string[]> },
    { weight: 1, arbitrary: fc.constant('all') as fc.Arbitrary<string | string[]> }
  ]
  if (customMethods.length > 0) options.push({ weight: 1, arbitrary: fc.constantFrom(...customMethods) })
  return fc.oneof(...options)
}

function routeOf (customMethods: string[], scopeCount: number, customConstraint: boolean, registration: Registration): fc.Arbitrary<Omit<RouteSpec, 'id'>> {
  return fc.record({
    early: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    scope: fc.integer({ min: -1, max: scopeCount - 1 }),
    path: routePath,
    method: methodOf(customMethods),
    hidden: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    // Narrowing with config.methodNotAllowed.allow: which of the declared methods to keep.
    allowPicks: fc.oneof(
      { weight: 8, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }) }
    ),
    constraints: constraintsOf(customConstraint),
    exposeHeadRoute: fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.boolean() }),
    prefixTrailingSlash: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: fc.constantFrom('both' as const, 'slash' as const, 'no-slash' as const) })
  }).map(route => {
    // Optional keys stay absent rather than undefined: the spec prints shorter.
    const clean: Omit<RouteSpec, 'id'> = { scope: route.scope, path: route.path, method: route.method, hidden: route.hidden }
    // Declared at the root before the plugin (lib/declare/registry.ts: such a route cannot be narrowed).
    const early = route.scope === -1 && (route.early || registration === 'unawaited')
    if (route.early && route.scope === -1) clean.early = true
    if (route.allowPicks !== undefined && !route.hidden && !early) {
      const declared = route.method === 'all' ? [...defaultMethods, ...customMethods] : Array.isArray(route.method) ? route.method : [route.method]
      const allow = declared.filter((_, index) => route.allowPicks?.[index % 12] === true)
      // Fastify exposes a HEAD route for a GET route before onRoute narrows it;
      // the plugin then refuses an allow list without GET (lib/declare/route-config.ts).
      if (declared.includes('GET') && !declared.includes('HEAD') && !allow.includes('GET')) allow.push('GET')
      clean.allow = allow.length > 0 ? allow : [declared[0]]
    }
    if (route.constraints !== undefined) clean.constraints = route.constraints
    if (route.exposeHeadRoute !== undefined) clean.exposeHeadRoute = route.exposeHeadRoute
    if (route.prefixTrailingSlash !== undefined) clean.prefixTrailingSlash = route.prefixTrailingSlash
    return clean
  })
}

const placement = fc.constantFrom('router' as const, 'router' as const, 'top' as const)

export const appSpec: fc.Arbitrary<AppSpec> = fc.record({
  router: fc.record({
    caseSensitive: fc.boolean(),
    ignoreTrailingSlash: fc.boolean(),
    ignoreDuplicateSlashes: fc.boolean(),
    useSemicolonDelimiter: fc.boolean(),
    maxParamLength: fc.constantFrom(8, 30, 100, 500)
  }, { requiredKeys: [] }),
  placement: fc.record({
    caseSensitive: placement,
    ignoreTrailingSlash: placement,
    ignoreDuplicateSlashes: placement,
    useSemicolonDelimiter: placement,
    maxParamLength: placement
  }),
  conflict: fc.oneof({ weight: 15, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  exposeHeadRoutes: fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.boolean() }),
  customMethods: fc.oneof({ weight: 4, arbitrary: fc.constant([] as string[]) }, { weight: 1, arbitrary: fc.subarray(['PROPFIND', 'MKCOL', 'LOCK'], { minLength: 1 }) }),
  registration: fc.oneof(
    { weight: 8, arbitrary: fc.constant('awaited' as const) },
    { weight: 3, arbitrary: fc.constant('unawaited' as const) },
    { weight: 2, arbitrary: fc.constant('fp' as const) },
    { weight: 1, arbitrary: fc.constant('child' as const) }
  ),
  customConstraint: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  plugin: fc.record({
    autoOptions: fc.boolean(),
    notImplemented: fc.boolean(),
    catchAllIsResource: fc.boolean(),
    allowOnSuccess: fc.boolean()
  }, { requiredKeys: [] }),
  scopes: fc.array(scope, { maxLength: 3 })
}).chain(base => {
  // A parent always comes before its child.
  const scopes = base.scopes.map((s, index) => ({ ...s, parent: Math.min(s.parent, index - 1) }))
  // Two not-found handlers for one prefix make Fastify's 404 router throw
  // outside of any caller (an uncaught exception in both apps): one per prefix.
  const taken = new Set<string>()
  scopes.forEach((s, index) => {
    const key = prefixOf(scopes, index).replace(/\/+$/, '').toLowerCase()
    if (key === '' || taken.has(key)) s.notFound = false
    if (s.notFound) taken.add(key)
  })
  return fc.array(routeOf(base.customMethods, scopes.length, base.customConstraint, base.registration), { minLength: 1, maxLength: 8 }).map(routes => {
    const spec: AppSpec = { ...base, scopes, routes: routes.map((route, index) => ({ id: `r${index}`, ...route })) }
    if (spec.exposeHeadRoutes === undefined) delete spec.exposeHeadRoutes
    return spec
  })
})

// ---------------------------------------------------------------- requests

const genericValues = ['1', '42', 'me', 'abc', 'ABC', 'a-b', 'x.y', '%41', 'caf%C3%A9', '%20', '_', 'ü', 'v1']
const regexValues: Record<string, string[]> = {
  '^\\d+$': ['7', '123', 'x9'],
  '^\\d+': ['7', '123', 'x9'],
  '^[a-z]+$': ['abc', 'Abc', '1'],
  '^\\w+': ['x_1', 'a-b', 'Z'],
  '^v\\d+$': ['v1', 'x1', 'V2']
}
const restValues = ['', 'a', 'a/b', 'deep/er/x.txt', '%2F', 'A', 'me']
const brokenEncodings = ['%', '%zz', '%E0%A4%A', '%C3', '%%', '%2']
const queries = ['?a=1', '?', '?x=%zz', '?a=1&b=/c', '?;x', '?a=%E0%A4%A']

export type Mutation =
  | 'trailingSlash' | 'dropTrailingSlash' | 'doubleSlash' | 'upper' | 'lower' | 'flipCase'
  | 'encode' | 'encodeLower' | 'broken' | 'query' | 'semicolon' | 'long' | 'encodedSlash' | 'dotSegment'

export const mutation: fc.Arbitrary<Mutation> = fc.constantFrom(
  'trailingSlash', 'dropTrailingSlash', 'doubleSlash', 'upper', 'lower', 'flipCase',
  'encode', 'encodeLower', 'broken', 'query', 'semicolon', 'long', 'encodedSlash', 'dotSegment'
)

export interface RawRequest {
  route: number
  randomPath: string | null
  picks: number[]
  mutations: Mutation[]
  method: string
  headers: Record<string, string>
  /** Send Content-Type: Fastify answers 400 to a QUERY without one, matched or not. */
  typed: boolean
}

/**
 * The URL pattern a route answers at, joined as Fastify joins it: nested
 * prefixes with one slash between them, a path after a prefix ending in a
 * slash without its own, and `/` under a prefix as the prefix itself, with a
 * slash (`prefixTrailingSlash: 'slash'`, so `/v1/` + `/` is `/v1//`), or
 * either (`both`, picked by `pick`).
 */
export function fullPattern (spec: AppSpec, route: RouteSpec, pick = 0): string {
  const prefix = prefixOf(spec.scopes, route.scope)
  const path = route.path
  let joined: string
  if (path === '/' && prefix.length > 0 && route.method !== 'HEAD') {
    const slash = route.prefixTrailingSlash === 'slash' || (route.prefixTrailingSlash !== 'no-slash' && pick % 2 === 1)
    joined = slash ? prefix + path : prefix
  } else if (path.startsWith('/') && prefix.endsWith('/')) {
    joined = prefix + path.slice(1)
  } else {
    joined = prefix + path
  }
  return joined || '/'
}

function prefixOf (scopes: ScopeSpec[], index: number): string {
  const chain: string[] = []
  for (let scope = index; scope !== -1; scope = scopes[scope].parent) {
    if (scopes[scope].prefix !== '') chain.unshift(scopes[scope].prefix)
  }
  let prefix = ''
  for (const next of chain) {
    if (prefix.endsWith('/') && next.startsWith('/')) prefix += next.slice(1)
    else if (!next.startsWith('/') && !prefix.endsWith('/')) prefix += '/' + next
    else prefix += next
  }
  return prefix
}

function pick<T> (pool: readonly T[], picks: number[], slot: number): T {
  return pool[picks[slot % picks.length] % pool.length]
}

/** A concrete URL for a pattern: params, regex params and wildcards filled from the pools. */
export function concretize (pattern: string, picks: number[]): string {
  let slot = 0
  return pattern.replace(/:[A-Za-z_]\w*(\((?:[^()\\]|\\.)*\))?\??|\*/g, (token, regex: string | undefined) => {
    slot++
    if (token === '*') return pick(restValues, picks, slot)
    if (token.endsWith('?')) return pick(['', ...genericValues], picks, slot)
    if (regex !== undefined) return pick(regexValues[regex.slice(1, -1)] ?? genericValues, picks, slot)
    return pick(genericValues, picks, slot)
  })
}

function splitQuery (url: string): [string, string] {
  const index = url.indexOf('?')
  return index === -1 ? [url, ''] : [url.slice(0, index), url.slice(index)]
}

function mutate (url: string, mutationName: Mutation, picks: number[], slot: number, maxParamLength: number): string {
  let [path, query] = splitQuery(url)
  const at = (length: number): number => picks[slot % picks.length] % Math.max(length, 1)
  switch (mutationName) {
    case 'trailingSlash': path += '/'; break
    case 'dropTrailingSlash': if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1); break
    case 'doubleSlash': {
      const slashes = [...path].flatMap((char, index) => char === '/' ? [index] : [])
      const index = slashes[at(slashes.length)]
      path = path.slice(0, index) + '/' + path.slice(index)
      break
    }
    case 'upper': path = path.toUpperCase(); break
    case 'lower': path = path.toLowerCase(); break
    case 'flipCase': {
      const index = at(path.length)
      const char = path[index]
      path = path.slice(0, index) + (char === char.toUpperCase() ? char.toLowerCase() : char.toUpperCase()) + path.slice(index + 1)
      break
    }
    case 'encode':
    case 'encodeLower': {
      const letters = [...path].flatMap((char, index) => /[A-Za-z0-9.\-_]/.test(char) ? [index] : [])
      if (letters.length === 0) break
      const index = letters[at(letters.length)]
      const hex = path.charCodeAt(index).toString(16)
      path = path.slice(0, index) + '%' + (mutationName === 'encode' ? hex.toUpperCase() : hex) + path.slice(index + 1)
      break
    }
    case 'broken': {
      const index = at(path.length) + 1
      path = path.slice(0, index) + pick(brokenEncodings, picks, slot) + path.slice(index)
      break
    }
    case 'query': query = pick(queries, picks, slot); break
    case 'semicolon': path += pick([';jsessionid=1', ';', ';a=b/c'], picks, slot); break
    case 'long': {
      const parts = path.split('/')
      const index = 1 + at(parts.length - 1)
      parts[index] = 'x'.repeat(pick([maxParamLength + 1, 101, 301], picks, slot))
      path = parts.join('/')
      break
    }
    case 'encodedSlash': {
      const index = path.indexOf('/', 1)
      if (index !== -1) path = path.slice(0, index) + '%2F' + path.slice(index + 1)
      break
    }
    case 'dotSegment': path = path.replace(/\/$/, '') + '/./'; break
  }
  return path + query
}

export function requestOf (spec: AppSpec, raw: RawRequest): RequestSpec {
  let url = raw.randomPath ?? (spec.routes.length === 0
    ? '/'
    : concretize(fullPattern(spec, spec.routes[raw.route % spec.routes.length], raw.picks[0]), raw.picks))
  if (!url.startsWith('/')) url = '/' + url
  raw.mutations.forEach((name, index) => {
    url = mutate(url, name, raw.picks, index + 3, spec.router.maxParamLength ?? 100)
  })
  const headers = raw.typed ? { ...raw.headers, 'content-type': 'text/plain' } : raw.headers
  return { method: raw.method, url, headers }
}

function rawRequestOf (spec: AppSpec): fc.Arbitrary<RawRequest> {
  const supported = [...defaultMethods, ...spec.customMethods]
  return fc.record({
    route: fc.nat({ max: 31 }),
    randomPath: fc.oneof(
      { weight: 6, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.array(fc.constantFrom(...statics, '1', 'zz'), { maxLength: 3 }).map(parts => '/' + parts.join('/')) }
    ),
    picks: fc.array(fc.nat({ max: 1000 }), { minLength: 6, maxLength: 6 }),
    mutations: fc.oneof({ weight: 2, arbitrary: fc.constant([] as Mutation[]) }, { weight: 3, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) }),
    method: fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...supported) },
      { weight: 2, arbitrary: fc.constantFrom('OPTIONS', 'HEAD', 'GET') },
      { weight: 2, arbitrary: fc.constantFrom(...extraMethods) }
    ),
    headers: fc.oneof(
      { weight: 8, arbitrary: fc.constant({} as Record<string, string>) },
      { weight: spec.customConstraint ? 2 : 0, arbitrary: fc.record({ 'x-tenant': fc.constantFrom(...tenants, 'c') }) },
      { weight: 1, arbitrary: fc.record({ 'accept-version': fc.constantFrom(...versions, '9.9.9', '1.x') }) },
      { weight: 1, arbitrary: fc.record({ host: fc.constantFrom(...hosts, 'other.example') }) },
      { weight: 1, arbitrary: fc.record({ 'accept-version': fc.constantFrom(...versions, '2.x'), host: fc.constantFrom(...hosts) }) }
    ),
    typed: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) })
  })
}

export function fuzzCase (requestsPerApp: number): fc.Arbitrary<FuzzCase> {
  return appSpec.chain(spec =>
    fc.array(rawRequestOf(spec), { minLength: 1, maxLength: requestsPerApp })
      .map(raws => ({ spec, requests: raws.map(raw => requestOf(spec, raw)) })))
}
