import t from 'tap'
import fc from 'fast-check'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { appSpec, mutation, requestOf, type Mutation } from '../helpers/fuzz-arbitraries'
import { acceptedTwin, buildApp, extraMethods, supportedMethods, type AppSpec, type RouteSpec } from '../helpers/fuzz-model'
import { injectedUrl } from '../helpers/fuzz-oracle'
import { matchingOptions, readRoutes, routeLookup } from '../../lib/router/fastify-edge'
import { PrivateRouter } from '../../lib/router/private-router'
import { build } from '../helpers/app'

// Property: a hidden URL answers every request its own route does not serve
// exactly as a URL that does not exist answers it, in the same not-found
// context. Apps come from the fuzz model with hidden routes added; URLs are
// the concrete URLs of hidden routes, mutated as the differential fuzzer
// mutates them (trailing and doubled slashes, case, encodings, queries).
// Each URL served by a hidden route (the app without the plugin says which
// route serves it) is compared, for every method that no route serves there,
// with a URL below it that no route serves and that the same not-found
// handler answers. A fixed seed keeps CI reproducible; HIDDEN_SEED, HIDDEN_RUNS
// and HIDDEN_PATH replay or widen it.
const seed = Number(process.env.HIDDEN_SEED ?? 16_404)
const numRuns = Number(process.env.HIDDEN_RUNS ?? 150)
const path = process.env.HIDDEN_PATH

interface Probe { route: number, picks: number[], mutations: Mutation[] }

interface HiddenCase { spec: AppSpec, probes: Probe[] }

const probe: fc.Arbitrary<Probe> = fc.record({
  route: fc.nat({ max: 31 }),
  picks: fc.array(fc.nat({ max: 1000 }), { minLength: 6, maxLength: 6 }),
  mutations: fc.oneof({ weight: 2, arbitrary: fc.constant([] as Mutation[]) }, { weight: 3, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 2 }) })
})

const hiddenCase: fc.Arbitrary<HiddenCase> = fc.record({
  spec: appSpec,
  hide: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
  // Where Fastify joins a scope's prefix and a route's path on its own terms:
  // the first route becomes the root path of the last scope, whose prefix may end in a slash.
  scopeRoot: fc.option(fc.record({
    prefix: fc.constantFrom('/s/', '/v1/', '/v1'),
    prefixTrailingSlash: fc.constantFrom('both' as const, 'slash' as const, 'no-slash' as const)
  }), { freq: 2 }),
  probes: fc.array(probe, { minLength: 1, maxLength: 4 })
}).map(({ spec, hide, scopeRoot, probes }) => {
  // A registration that the plugin refuses serves nothing to compare.
  const registration = spec.registration === 'child' ? 'awaited' : spec.registration
  const scopes = scopeRoot === null ? spec.scopes : [...spec.scopes, { prefix: scopeRoot.prefix, parent: -1, notFound: false }]
  const routes = spec.routes.map((route, index): RouteSpec => {
    if (!(hide[index] || index === 0) || route.hidden) return route
    const { allow: _narrowing, ...hidden } = route
    return { ...hidden, hidden: true }
  })
  if (scopeRoot !== null) {
    const { early: _early, ...first } = routes[0]
    routes[0] = { ...first, scope: scopes.length - 1, path: '/', prefixTrailingSlash: scopeRoot.prefixTrailingSlash }
  }
  return { spec: { ...spec, registration, scopes, routes }, probes }
})

type Headers = Record<string, string>

interface Answer { status: number, headers: Record<string, unknown>, body: string }

// Hop-by-hop and per-response headers; Content-Length follows the URL that the 404 body names.
const ignoredHeaders = new Set(['date', 'connection', 'keep-alive', 'content-length'])

async function send (app: FastifyInstance, method: string, url: string, headers: Headers): Promise<Answer> {
  const res = await app.inject({ method: method as 'GET', url, headers, validate: false } as InjectOptions)
  const kept: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(res.headers)) if (!ignoredHeaders.has(name)) kept[name] = value
  return { status: res.statusCode, headers: kept, body: withoutUrl(res.payload) }
}

/** A 404, 414 or 400 body names the request's URL (Fastify's message, the fuzz model's handler): that part alone may differ. */
function withoutUrl (payload: string): string {
  let body: unknown
  try {
    body = JSON.parse(payload)
  } catch {
    return payload
  }
  if (body === null || typeof body !== 'object') return payload
  const fields = body as Record<string, unknown>
  if (typeof fields.url === 'string') fields.url = '<url>'
  if (typeof fields.message === 'string') {
    fields.message = fields.message
      .replace(/^(Route [^:]+:).* not found$/s, '$1<url> not found')
      // The router's own 414 and 400 (FST_ERR_MAX_PARAM_LENGTH, FST_ERR_BAD_URL) name the decoded path.
      .replace(/^'.*' (is exceeding the max param length|is not a valid url component)$/s, "'<url>' $1")
  }
  return JSON.stringify(fields)
}

/** The route (its x-route-id) that serves each method at `url` in the app without the plugin. */
async function servedBy (twin: FastifyInstance, methods: readonly string[], url: string, headers: Headers): Promise<Map<string, string>> {
  const served = new Map<string, string>()
  for (const method of methods) {
    const res = await twin.inject({ method: method as 'GET', url, headers, validate: false } as InjectOptions)
    const id = res.headers['x-route-id']
    if (typeof id === 'string') served.set(method, id)
  }
  return served
}

/** URLs below `url` (before its `;` or `?`), which the same prefix's not-found handler answers. */
function below (url: string): string[] {
  const cut = url.search(/[;?]/)
  const head = cut === -1 ? url : url.slice(0, cut)
  const rest = cut === -1 ? '' : url.slice(cut)
  const joint = head.endsWith('/') ? '' : '/'
  return [`${head}${joint}zz-none${rest}`, `${head}${joint}zz-none/zz-none${rest}`]
}

function headersOf (route: RouteSpec): Headers {
  const headers: Headers = {}
  if (route.constraints?.version !== undefined) headers['accept-version'] = route.constraints.version
  if (route.constraints?.host !== undefined) headers.host = route.constraints.host
  if (route.constraints?.tenant !== undefined) headers['x-tenant'] = route.constraints.tenant
  return headers
}

interface Tally { count: (key: string) => void }

async function check ({ spec, probes }: HiddenCase, tally: Tally): Promise<string[]> {
  const twin = await acceptedTwin(spec)
  const accepted = twin.spec
  const hiddenRoutes = accepted.routes.filter(route => route.hidden)
  if (hiddenRoutes.length === 0) {
    await twin.app.close()
    return []
  }
  const subject = await buildApp(accepted, true)
  const problems: string[] = []
  try {
    const supported = supportedMethods(accepted)
    const unknown = extraMethods.filter(method => !accepted.customMethods.includes(method)).slice(0, 4)
    const hiddenIds = new Set(hiddenRoutes.map(route => route.id))
    const variants = new Map<string, Headers>([['{}', {}]])
    for (const route of hiddenRoutes) variants.set(JSON.stringify(headersOf(route)), headersOf(route))
    const options = `notImplemented ${accepted.plugin.notImplemented === false ? 'off' : 'on'}, autoOptions ${accepted.plugin.autoOptions === false ? 'off' : 'on'}`

    for (const { route, picks, mutations } of probes) {
      const target = hiddenRoutes[route % hiddenRoutes.length]
      const url = requestOf(accepted, { route: accepted.routes.indexOf(target), randomPath: null, picks, mutations, method: 'GET', headers: {}, typed: false }).url
      for (const headers of variants.values()) {
        const served = await servedBy(twin.app, supported, url, headers)
        if (![...served.values()].some(id => hiddenIds.has(id))) {
          tally.count('probe not served by a hidden route')
          continue
        }
        // A URL that no route serves, in the same not-found context: the app
        // without the plugin answers an unrouted method there as at `url`.
        const context = await send(twin.app, unknown[0], url, headers)
        let nonexistent: string | undefined
        for (const candidate of below(url)) {
          if ((await servedBy(twin.app, supported, candidate, headers)).size > 0) continue
          if (JSON.stringify(await send(twin.app, unknown[0], candidate, headers)) !== JSON.stringify(context)) continue
          nonexistent = candidate
          break
        }
        if (nonexistent === undefined) {
          tally.count('hidden URL without a nonexistent URL beside it')
          continue
        }
        tally.count('hidden URL compared')
        if (url.endsWith('//') || /\/\/[;?]/.test(url)) tally.count('hidden URL ending in two slashes')
        for (const key of ['ignoreTrailingSlash', 'ignoreDuplicateSlashes', 'caseSensitive', 'useSemicolonDelimiter'] as const) {
          if (accepted.router[key] !== undefined) tally.count(`${key} in ${accepted.placement[key] === 'top' ? 'the top level' : 'routerOptions'}`)
        }

        // inject() resolves dot segments as a client does: ask about the URL the server sees.
        const seen = injectedUrl(url)
        const allowed = subject.app.allowedMethods(seen)
        if (allowed.length > 0) problems.push(`allowedMethods(${JSON.stringify(seen)}): expected [], got ${JSON.stringify(allowed)}`)
        for (const method of [...supported, ...unknown]) {
          if (served.has(method)) continue
          const hidden = await send(subject.app, method, url, headers)
          const none = await send(subject.app, method, nonexistent, headers)
          const kind = unknown.includes(method) ? 'unknown' : accepted.customMethods.includes(method) ? 'custom' : 'Fastify\'s'
          tally.count(`${kind} method compared`)
          tally.count(options)
          if (JSON.stringify(hidden) !== JSON.stringify(none)) {
            problems.push(`${method} ${JSON.stringify(url)} ${JSON.stringify(headers)}: ${JSON.stringify(hidden)}\n  differs from ${method} ${JSON.stringify(nonexistent)}: ${JSON.stringify(none)}`)
          }
        }
        if (problems.length > 0) return problems
      }
    }
    return problems
  } finally {
    await Promise.all([twin.app.close(), subject.app.close()])
    await new Promise(resolve => setImmediate(resolve))
  }
}

t.test('a hidden URL answers every method its route does not serve as a URL that does not exist, on generated apps', async t => {
  const counts = new Map<string, number>()
  const tally: Tally = { count: key => counts.set(key, (counts.get(key) ?? 0) + 1) }
  try {
    await fc.assert(fc.asyncProperty(hiddenCase, async generated => {
      const problems = await check(generated, tally)
      if (problems.length > 0) throw new Error(`${problems.join('\n')}\nspec: ${JSON.stringify(generated.spec)}`)
    }), { seed, numRuns, path })
  } catch (error) {
    const cause = (error as Error).cause
    t.fail(`a hidden URL told itself apart (seed ${seed}; replay with HIDDEN_SEED=${seed} and HIDDEN_PATH from the report)\n${(error as Error).message}\n${cause instanceof Error ? cause.message : ''}`)
    return
  }

  t.comment(`seed ${seed}: ${numRuns} apps, ${JSON.stringify(Object.fromEntries(counts))}`)
  // The generator must reach what the property is about, or it proves less than it claims.
  t.ok((counts.get('hidden URL compared') ?? 0) >= numRuns / 2, 'hidden URLs compared')
  t.ok((counts.get('hidden URL ending in two slashes') ?? 0) > 0, 'hidden URLs ending in two slashes compared')
  for (const kind of ['Fastify\'s', 'custom', 'unknown']) {
    t.ok((counts.get(`${kind} method compared`) ?? 0) > 0, `${kind} methods compared`)
  }
  for (const key of ['ignoreTrailingSlash', 'ignoreDuplicateSlashes', 'caseSensitive', 'useSemicolonDelimiter']) {
    for (const form of ['routerOptions', 'the top level']) t.ok((counts.get(`${key} in ${form}`) ?? 0) > 0, `compared with ${key} in ${form}`)
  }
  for (const notImplemented of ['on', 'off']) {
    for (const autoOptions of ['on', 'off']) {
      t.ok((counts.get(`notImplemented ${notImplemented}, autoOptions ${autoOptions}`) ?? 0) > 0, `compared with notImplemented ${notImplemented}, autoOptions ${autoOptions}`)
    }
  }
})

// Hiding asks a private router which route serves a URL (lib/ready/hidden-routes.ts),
// built from the patterns Fastify's router stored. It must match exactly
// where Fastify's router matches: for every method and generated URL, a route
// of some layer matches iff fastify.findRoute() does.
t.test('a private router built from the stored routes matches where Fastify\'s router matches, on generated apps', async t => {
  const runs = Number(process.env.HIDDEN_RUNS ?? 150)
  let compared = 0
  let matched = 0
  await fc.assert(fc.asyncProperty(hiddenCase, fc.array(probe, { minLength: 4, maxLength: 12 }), async ({ spec }, probes) => {
    const { spec: accepted, app } = await acceptedTwin(spec)
    try {
      if (accepted.routes.length === 0) return
      const methods = supportedMethods(accepted)
      const router = new PrivateRouter<{ id: number }>(matchingOptions(app))
      const routes = readRoutes(app, methods)
      // Constrained routes match only clients that send values; these probes send none.
      routes.forEach((route, id) => { if (Object.keys(route.constraints).length === 0) router.insert(route.method, route.pattern, {}, { id }) })
      const lookup = routeLookup(app)
      for (const { route, picks, mutations } of probes) {
        const url = requestOf(accepted, { route, randomPath: null, picks, mutations, method: 'GET', headers: {}, typed: false }).url
        for (const method of methods) {
          const fastify = lookup(method, url, {}) !== null
          const own = router.first(method, url, {}) !== undefined
          compared++
          if (fastify) matched++
          if (fastify !== own) throw new Error(`${method} ${JSON.stringify(url)}: Fastify's router ${fastify ? 'matches' : 'does not match'}, the private router ${own ? 'does' : 'does not'}\nroutes: ${JSON.stringify(routes.map(r => [r.method, r.pattern]))}\nspec: ${JSON.stringify(accepted)}`)
        }
      }
    } finally {
      await app.close()
    }
  }), { seed, numRuns: runs, path })
  t.comment(`seed ${seed}: ${compared} lookups, ${matched} matched`)
  t.ok(matched >= compared / 10, `Fastify's router matched ${matched} of ${compared} lookups`)
})

t.test('with ignoreTrailingSlash, Accept-Patch and retirements follow a route Fastify stores at `/s/` for `/s//`', async t => {
  const clock = (): number => Date.parse('2030-01-01')
  const app = await build({ clock }, { routerOptions: { ignoreTrailingSlash: true } })
  await app.register(async scoped => {
    scoped.route({ method: ['GET', 'PATCH'], url: '/', prefixTrailingSlash: 'slash', handler: async () => 'ok' })
  }, { prefix: '/s/' })
  await app.register(async scoped => {
    scoped.route({ method: ['GET', 'PUT'], url: '/', prefixTrailingSlash: 'slash', config: { methodNotAllowed: { deprecated: { PUT: { since: '2029-01-01', sunset: '2029-06-30' } } } }, handler: async () => 'ok' })
  }, { prefix: '/r/' })

  const options = await app.inject({ method: 'OPTIONS', url: '/s//' })
  t.equal(options.statusCode, 200)
  t.equal(options.headers.allow, 'GET, OPTIONS, PATCH', 'Fastify exposes the HEAD route at `/s`')
  t.equal(options.headers['accept-patch'], 'application/json, text/plain')

  const retired = await app.inject({ method: 'OPTIONS', url: '/r//' })
  t.equal(retired.statusCode, 200)
  t.equal(retired.headers.allow, 'GET, OPTIONS', 'a retired PUT is not listed')
  t.same(app.allowedMethods('/r//'), ['GET', 'OPTIONS'])
})
