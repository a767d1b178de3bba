import type { FastifyInstance, InjectOptions } from 'fastify'
import { acceptedTwin, buildApp, declaredEarly, supportedMethods, type AppSpec } from './fuzz-model'
import { hosts, versions, type FuzzCase, type RequestSpec } from './fuzz-arbitraries'

/**
 * The oracle: a twin app without the plugin, same routes, same router options.
 * Everything the plugin should answer is derived from what the twin answers;
 * nothing here asks Fastify's router directly, so the oracle cannot share the
 * plugin's mistakes.
 *
 * Deliberate differences from "whatever the twin says", each documented in lib/:
 * - hidden routes (config.methodNotAllowed: false) hide a URL for every client:
 *   the URL is hidden when a hidden route serves it for the request's headers,
 *   for no constraint headers, or for the headers of any constrained route
 *   (lib/request/decide.ts, lib/ready/hidden-routes.ts). A method routed nowhere gets
 *   the 501 (or 404) of every URL, hidden or not.
 * - a method that is routed for the URL under other version/host values keeps
 *   Fastify's 404 rather than a 405 (lib/request/hooks.ts).
 * - a root catch-all (`/*`, `*`) does not make a URL a resource unless
 *   catchAllIsResource (lib/request/matcher.ts, lib/router/paths.ts).
 * - routes with a custom constraint strategy (x-tenant) count in Allow only
 *   where they match without it: the plugin cannot derive custom values
 *   (lib/router/constraints.ts). For hiding and for "routed under other values", the
 *   tenant values of the table are clients like any other.
 * - allowOnSuccess adds its hook only to routes declared after the plugin,
 *   and sends Allow only where a 405 or an automatic OPTIONS would (RFC 9110 §10.2.1).
 */

export interface Observed {
  status: number
  headers: Record<string, string | undefined>
  payload: string
}

interface Served {
  id: string
  url: string
}

export interface CaseContext {
  spec: AppSpec
  twin: FastifyInstance
  subject: FastifyInstance
  supported: string[]
  hidden: Set<string>
  /** Header sets under which a constrained route of the table can match. */
  constraintHeaders: Array<Record<string, string>>
  cache: Map<string, Map<string, Served>>
}

const BASE_URL = 'http://localhost'

/** The request.url a server sees for an inject() url: light-my-request normalises it like this. */
export function injectedUrl (url: string): string {
  const parsed = new URL(url.startsWith('//') ? BASE_URL + url : url, BASE_URL)
  return parsed.pathname + parsed.search
}

function header (value: string | string[] | number | undefined): string | undefined {
  if (value === undefined) return undefined
  return Array.isArray(value) ? value.join(', ') : String(value)
}

export async function send (app: FastifyInstance, method: string, url: string, headers: Record<string, string>): Promise<Observed> {
  // validate: false skips light-my-request's schema check of these options: a third of the cost.
  const response = await app.inject({ method: method as 'GET', url, headers, validate: false } as InjectOptions)
  const headersOut: Record<string, string | undefined> = {}
  for (const name of ['allow', 'content-type', 'content-length', 'x-route-id', 'x-route-url']) {
    headersOut[name] = header(response.headers[name])
  }
  return { status: response.statusCode, headers: headersOut, payload: response.payload }
}

/** The routes of the twin that serve `url` for each supported method, under these headers. */
async function routedBy (context: CaseContext, url: string, headers: Record<string, string>): Promise<Map<string, Served>> {
  const key = JSON.stringify([url, headers])
  const known = context.cache.get(key)
  if (known !== undefined) return known
  const served = new Map<string, Served>()
  for (const method of context.supported) {
    const observed = await send(context.twin, method, url, headers)
    const id = observed.headers['x-route-id']
    if (id !== undefined) served.set(method, { id, url: observed.headers['x-route-url'] ?? '' })
  }
  context.cache.set(key, served)
  return served
}

function isRootCatchAll (served: Served): boolean {
  return served.url === '/*' || served.url === '*'
}

function withoutContentType (headers: Record<string, string>): Record<string, string> {
  const { 'content-type': _ignored, ...rest } = headers
  return rest
}

function withoutTenant (headers: Record<string, string>): Record<string, string> {
  const { 'x-tenant': _ignored, ...rest } = headers
  return rest
}

function hasConstraintHeaders (headers: Record<string, string>): boolean {
  return headers['accept-version'] !== undefined || headers.host !== undefined
}

function body405 (method: string, url: string, allow: string): string {
  return JSON.stringify({
    statusCode: 405,
    code: 'FST_ERR_METHOD_NOT_ALLOWED',
    error: 'Method Not Allowed',
    message: `Method ${method} is not allowed for ${url}; allowed: ${allow}`
  })
}

function body501 (method: string): string {
  return JSON.stringify({
    statusCode: 501,
    code: 'FST_ERR_METHOD_NOT_IMPLEMENTED',
    error: 'Not Implemented',
    message: `Method ${method} is not implemented by this server`
  })
}

export interface Expectation {
  status: number
  payload: string
  /** undefined: the header must be absent. */
  allow: string | undefined
  why: string
}

interface Analysis {
  hidden: boolean
  served: Map<string, Served>
  resource: boolean
  ownOptions: boolean
  allow: string[]
}

async function analyse (context: CaseContext, url: string, requestHeaders: Record<string, string>): Promise<Analysis> {
  const { spec } = context
  // Routing happens before the body is looked at; the probes share a cache without it.
  const headers = withoutContentType(requestHeaders)
  const catchAllIsResource = spec.plugin.catchAllIsResource === true
  let hidden = false
  const variants = context.hidden.size === 0 ? [] : [headers, {}, ...context.constraintHeaders]
  for (const variant of variants) {
    for (const served of (await routedBy(context, url, variant)).values()) {
      if (context.hidden.has(served.id)) hidden = true
    }
  }
  const served = await routedBy(context, url, withoutTenant(headers))
  let resource = false
  let ownOptions = false
  for (const [method, route] of served) {
    const specific = catchAllIsResource || !isRootCatchAll(route)
    if (method === 'OPTIONS') ownOptions ||= specific
    else resource ||= specific
  }
  const allow = context.supported.filter(method => served.has(method) || (method === 'OPTIONS' && spec.plugin.autoOptions !== false))
  return { hidden, served, resource, ownOptions, allow }
}

/** What the plugin app must answer for a request the twin answered with a 404. */
async function expectNotFound (context: CaseContext, request: RequestSpec, twin: Observed): Promise<Expectation> {
  const { spec } = context
  const url = injectedUrl(request.url)
  const method = request.method
  const head = method === 'HEAD'
  const same = (why: string): Expectation => ({ status: twin.status, payload: twin.payload, allow: undefined, why })

  // A method routed nowhere gets the answer a URL that does not exist gets, hidden or not.
  if (!context.supported.includes(method)) {
    return spec.plugin.notImplemented === false
      ? same('unsupported method, notImplemented off: 404')
      : { status: 501, payload: head ? '' : body501(method), allow: undefined, why: 'unsupported method: 501' }
  }
  const analysis = await analyse(context, url, request.headers)
  if (analysis.hidden) return same('a hidden route serves this URL: plain 404')
  if (!analysis.resource) return same('not a resource: 404')
  const allow = analysis.allow.join(', ')
  if (method === 'OPTIONS' && spec.plugin.autoOptions !== false && !analysis.ownOptions) {
    return { status: 200, payload: '', allow, why: 'automatic OPTIONS' }
  }
  for (const variant of [{}, ...context.constraintHeaders]) {
    if ((await routedBy(context, url, variant)).has(method)) return same('method routed under other constraint values: 404')
  }
  return { status: 405, payload: head ? '' : body405(method, url, allow), allow, why: '405' }
}

export interface Comparison {
  /** Which rule of the oracle decided the expected answer. */
  outcome: string
  /** Disagreements; empty when the plugin agrees with the oracle. */
  problems: string[]
}

/** The oracle's rule, without the details of the case: `router answered 400` rather than the route id. */
function outcomeOf (why: string): string {
  return why.startsWith('route ') ? 'route matched' : why
}

/** Compares one request with the oracle. */
export async function compare (context: CaseContext, request: RequestSpec): Promise<Comparison> {
  const problems: string[] = []
  const twin = await send(context.twin, request.method, request.url, request.headers)
  const got = await send(context.subject, request.method, request.url, request.headers)
  const url = injectedUrl(request.url)

  let expected: Expectation
  if (twin.headers['x-route-id'] !== undefined) {
    let allow: string | undefined
    const route = context.spec.routes.find(candidate => candidate.id === twin.headers['x-route-id'])
    if (context.spec.plugin.allowOnSuccess === true && route !== undefined && !declaredEarly(context.spec, route)) {
      // A hidden URL, or one that is no resource, lists nothing, even on a visible route's success.
      const analysis = await analyse(context, url, request.headers)
      allow = analysis.hidden || !analysis.resource ? undefined : analysis.allow.join(', ')
    }
    expected = { status: twin.status, payload: twin.payload, allow, why: `route ${twin.headers['x-route-id']} matched` }
    if (got.headers['x-route-id'] !== twin.headers['x-route-id']) {
      problems.push(`route: expected ${twin.headers['x-route-id']}, got ${String(got.headers['x-route-id'])}`)
    }
  } else if (twin.status !== 404) {
    expected = { status: twin.status, payload: twin.payload, allow: undefined, why: `router answered ${twin.status} itself` }
  } else {
    expected = await expectNotFound(context, request, twin)
  }

  // The same request again: whatever the plugin remembers between requests
  // (resolution cache, last path) must not change the answer.
  const again = await send(context.subject, request.method, request.url, request.headers)
  for (const [label, answer] of [['', got], ['repeated: ', again]] as const) {
    if (answer.status !== expected.status) problems.push(`${label}status: expected ${expected.status}, got ${answer.status}`)
    if (answer.payload !== expected.payload) problems.push(`${label}body: expected ${JSON.stringify(expected.payload)}, got ${JSON.stringify(answer.payload)}`)
    if (answer.headers.allow !== expected.allow) problems.push(`${label}allow: expected ${String(expected.allow)}, got ${String(answer.headers.allow)}`)
    if (expected.why === 'automatic OPTIONS' && answer.headers['content-length'] !== '0') {
      problems.push(`${label}content-length: expected 0, got ${String(answer.headers['content-length'])}`)
    }
  }

  if (!hasConstraintHeaders(request.headers)) {
    const analysis = await analyse(context, url, {})
    const want = analysis.hidden || !analysis.resource ? [] : analysis.allow
    const have = context.subject.allowedMethods(url)
    if (JSON.stringify(have) !== JSON.stringify(want)) {
      problems.push(`allowedMethods(${JSON.stringify(url)}): expected ${JSON.stringify(want)}, got ${JSON.stringify(have)}`)
    }
  }
  if (problems.length > 0) problems.unshift(`${request.method} ${JSON.stringify(request.url)} ${JSON.stringify(request.headers)} (${expected.why})`)
  return { outcome: outcomeOf(expected.why), problems }
}

function constraintHeadersOf (spec: AppSpec): Array<Record<string, string>> {
  const sets = new Map<string, Record<string, string>>()
  for (const route of spec.routes) {
    if (route.constraints === undefined) continue
    const headers: Record<string, string> = {}
    if (route.constraints.version !== undefined) headers['accept-version'] = route.constraints.version
    if (route.constraints.host !== undefined) headers.host = route.constraints.host
    if (route.constraints.tenant !== undefined) headers['x-tenant'] = route.constraints.tenant
    sets.set(JSON.stringify(headers), headers)
  }
  return [...sets.values()]
}

export interface CaseResult {
  /** The spec after dropping the routes Fastify itself refuses. */
  spec: AppSpec
  problems: string[]
  requests: number
  /** How many requests each rule of the oracle decided. */
  outcomes: Map<string, number>
}

/**
 * Runs one generated case: builds the twin and the plugin app from the routes
 * Fastify accepts, sends every request to both, and reports disagreements.
 */
export async function runCase ({ spec, requests }: FuzzCase): Promise<CaseResult> {
  const twin = await acceptedTwin(spec)
  const accepted = twin.spec
  if (accepted.registration === 'child') return await refusedInChild(accepted, twin.app)
  let subject
  try {
    subject = await buildApp(accepted, true)
  } catch (error) {
    await twin.app.close()
    return { spec: accepted, problems: [`the plugin app failed to build where the twin did not: ${String(error)}`], requests: 0, outcomes: new Map() }
  }
  const problems: string[] = []
  const outcomes = new Map<string, number>()
  try {
    if (subject.rejected.length > 0) {
      problems.push(`the plugin app rejected ${subject.rejected.join(', ')}, which Fastify alone accepts`)
      return { spec: accepted, problems, requests: 0, outcomes }
    }
    const context: CaseContext = {
      spec: accepted,
      twin: twin.app,
      subject: subject.app,
      supported: supportedMethods(accepted),
      hidden: new Set(accepted.routes.filter(route => route.hidden).map(route => route.id)),
      constraintHeaders: constraintHeadersOf(accepted),
      cache: new Map()
    }
    for (const request of requests) {
      const comparison = await compare(context, request)
      outcomes.set(comparison.outcome, (outcomes.get(comparison.outcome) ?? 0) + 1)
      problems.push(...comparison.problems)
      if (problems.length > 0) break
    }
    return { spec: accepted, problems, requests: requests.length, outcomes }
  } finally {
    await Promise.all([twin.app.close(), subject.app.close()])
    // inject() resolves through microtasks only and leaves its cleanup to
    // setImmediate: a loop of awaited cases never reaches the check phase and
    // keeps every response alive unless it yields once in a while.
    await new Promise(resolve => setImmediate(resolve))
  }
}

/** Registered inside an encapsulated child, the plugin must refuse, whatever the routes. */
async function refusedInChild (spec: AppSpec, twin: FastifyInstance): Promise<CaseResult> {
  await twin.close()
  const outcomes = new Map([['registered in a child: refused', 1]])
  try {
    const built = await buildApp(spec, true)
    await built.app.close()
  } catch (error) {
    const code = (error as { code?: string }).code
    const problems = code === 'FST_ERR_METHOD_NOT_ALLOWED_NOT_ROOT' ? [] : [`registered in a child: expected FST_ERR_METHOD_NOT_ALLOWED_NOT_ROOT, got ${String(error)}`]
    return { spec, problems, requests: 0, outcomes }
  }
  return { spec, problems: ['registered in a child: the app built'], requests: 0, outcomes }
}

export { hosts, versions }
