import t from 'tap'
import fc from 'fast-check'
import Fastify, { type FastifyInstance, type InjectOptions, type LightMyRequestResponse } from 'fastify'
import cors, { type FastifyCorsOptions } from '@fastify/cors'
import { corsFromRoutes, type CorsFromRoutesOptions } from '../../lib/integrations/cors'
import { orders, registerWithCors, type Order } from '../helpers/app'

// Headers that @fastify/cors sets survive on the plugin's answers: on random
// apps, for every `hook` value cors accepts and both registration orders, a
// 405, a 501 and an automatic OPTIONS carry the CORS headers that cors alone
// puts on the 404 they replace, and a corsFromRoutes preflight lists the
// URL's Allow list. A fixed seed keeps CI reproducible; CORS_PROPERTY_SEED
// and CORS_PROPERTY_RUNS widen it.
const seed = Number(process.env.CORS_PROPERTY_SEED ?? 9110)
const numRuns = Number(process.env.CORS_PROPERTY_RUNS ?? 80)

const pageOrigin = 'https://app.example'
const hooks = ['onRequest', 'preParsing', 'preValidation', 'preHandler', 'preSerialization'] as const
const routeMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const
const patterns = ['/a', '/a/:id', '/b/c', '/files/*'] as const
const urls = ['/a', '/a/1', '/a/1?q=1', '/b/c', '/b', '/files/x/y', '/nothing']
const requestMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PURGE', 'SEARCH']
/** Where a CORS response header comes from (Fetch §3.2.3) and the Vary cors adds (its vary.js). */
const corsNames = ['access-control-allow-origin', 'access-control-allow-credentials', 'access-control-expose-headers', 'vary']

const origins = fc.constantFrom<Array<FastifyCorsOptions['origin']>>(
  '*', pageOrigin, [pageOrigin, 'https://other.example'], /\.example$/, true,
  (requestOrigin, callback) => callback(null, requestOrigin === pageOrigin)
)

const scenario = fc.record({
  order: fc.constantFrom<Order>(...orders),
  hook: fc.constantFrom(...hooks),
  fromRoutes: fc.boolean(),
  origin: origins,
  credentials: fc.boolean(),
  exposedHeaders: fc.constantFrom(undefined, 'Allow', ['Allow', 'ETag']),
  routes: fc.uniqueArray(fc.tuple(fc.constantFrom(...routeMethods), fc.constantFrom(...patterns)), { minLength: 1, maxLength: 8, selector: ([method, pattern]) => `${method} ${pattern}` }),
  requests: fc.array(fc.record({
    method: fc.constantFrom(...requestMethods),
    url: fc.constantFrom(...urls),
    origin: fc.constantFrom(pageOrigin, 'https://evil.test', undefined),
    requestMethod: fc.constantFrom(undefined, 'PUT', 'DELETE')
  }), { minLength: 1, maxLength: 10 })
})
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never

function perRequest (s: Scenario): CorsFromRoutesOptions {
  const options: CorsFromRoutesOptions = { origin: s.origin as CorsFromRoutesOptions['origin'], credentials: s.credentials }
  if (s.exposedHeaders !== undefined) options.exposedHeaders = s.exposedHeaders
  return options
}

function routesOf (app: FastifyInstance, s: Scenario): void {
  for (const [method, pattern] of s.routes) app.route({ method, url: pattern, handler: async () => 'ok' })
}

/**
 * Cors alone, with the options corsFromRoutes gives it (docs/interop.md):
 * the CORS headers every answer must keep. Static options let plain OPTIONS
 * through (`preflight: false`), which is where the automatic OPTIONS answers.
 */
async function corsAlone (s: Scenario): Promise<FastifyInstance> {
  const app = Fastify()
  await app.register(cors, { ...perRequest(s), preflight: false, hook: s.hook } as FastifyCorsOptions)
  routesOf(app, s)
  return app
}

async function withPlugin (s: Scenario): Promise<FastifyInstance> {
  const app = Fastify()
  const options = s.fromRoutes ? corsFromRoutes({ ...perRequest(s), hook: s.hook as CorsFromRoutesOptions['hook'] }) : { ...perRequest(s), preflight: false, hook: s.hook } as FastifyCorsOptions
  await registerWithCors(app, s.order, options)
  routesOf(app, s)
  return app
}

/** Throws, so that fast-check shrinks the app and reports the seed and path to replay. */
function fail (message: string): never {
  throw new Error(message)
}

function corsHeaders (res: LightMyRequestResponse): Record<string, unknown> {
  return Object.fromEntries(corsNames.map(name => [name, res.headers[name]]))
}

t.test('cors\' headers survive on 405, 501 and automatic OPTIONS answers, for every hook and order', async t => {
  const answered = new Map<string, number>()
  await fc.assert(fc.asyncProperty(scenario, async s => {
    if (s.hook === 'preSerialization') {
      // Refused, where cors would add nothing to those answers (lib/integrations/cors.ts).
      if (s.fromRoutes) {
        t.throws(() => corsFromRoutes({ hook: s.hook as 'onRequest' }), { code: 'FST_ERR_METHOD_NOT_ALLOWED_INVALID_OPTION' })
      } else {
        const app = await withPlugin(s)
        await t.rejects(async () => await app.ready(), { code: 'FST_ERR_METHOD_NOT_ALLOWED_CORS_HOOK' })
      }
      return
    }
    const alone = await corsAlone(s)
    const app = await withPlugin(s)
    for (const r of s.requests) {
      const headers: Record<string, string> = {}
      if (r.origin !== undefined) headers.origin = r.origin
      if (r.requestMethod !== undefined) headers['access-control-request-method'] = r.requestMethod
      const request: InjectOptions = { method: r.method as 'GET', url: r.url, headers }
      const res = await app.inject(request)
      const what = `${s.order}, hook ${s.hook}, ${s.fromRoutes ? 'corsFromRoutes' : 'static'}: ${r.method} ${r.url} ${JSON.stringify(headers)} -> ${res.statusCode}`
      const isPreflight = r.method === 'OPTIONS' && r.origin !== undefined && r.requestMethod !== undefined
      if (s.fromRoutes && isPreflight) {
        const allow = app.allowedMethods(r.url)
        if (allow.length === 0 || res.statusCode === 200) {
          // No resource, or an origin function that refused: cors stepped aside.
          if (res.statusCode !== 404 && res.statusCode !== 200) fail(what)
          if (res.headers['access-control-allow-origin'] !== undefined) fail(`${what}: CORS headers where cors stepped aside`)
        } else if (res.statusCode !== 204 || res.headers['access-control-allow-methods'] !== allow.join(', ')) {
          fail(`${what}: preflight ${String(res.headers['access-control-allow-methods'])}, Allow list ${allow.join(', ')}`)
        }
        continue
      }
      const kind = res.statusCode === 405 ? '405' : res.statusCode === 501 ? '501' : r.method === 'OPTIONS' && res.headers.allow !== undefined ? 'automatic OPTIONS' : undefined
      if (kind === undefined) continue
      answered.set(kind, (answered.get(kind) ?? 0) + 1)
      const expected = corsHeaders(await alone.inject(request))
      const actual = corsHeaders(res)
      if (JSON.stringify(actual) !== JSON.stringify(expected)) fail(`${what}: ${JSON.stringify(actual)}, cors alone ${JSON.stringify(expected)}`)
    }
  }), { seed, numRuns })
  t.comment(`seed ${seed}: ${numRuns} apps; answers checked ${JSON.stringify(Object.fromEntries(answered))}`)
  for (const kind of ['405', '501', 'automatic OPTIONS']) t.ok((answered.get(kind) ?? 0) > 0, `some ${kind} answers were checked`)
})
