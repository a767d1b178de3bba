import t from 'tap'
import { createPathCandidates } from '../../lib/ready/path-candidates'
import type { MatchingOptions, RouteEntry } from '../../lib/router/fastify-edge'
import type { Candidate, CandidateList } from '../../lib/model/candidates'

const options: MatchingOptions = { caseSensitive: true, ignoreTrailingSlash: false, ignoreDuplicateSlashes: false, useSemicolonDelimiter: false, maxParamLength: 100 }
const automatic = { autoOptions: true, catchAllIsResource: false }

function routes (...list: Array<[string, string]>): RouteEntry[] {
  return list.map(([method, pattern]) => ({ method, pattern, constraints: {}, config: undefined, mediaTypes: () => [], wrapHandler: () => {}, preSerialization: () => [], server: {}, routeConfig: {}, addHookAfter: () => undefined, addNotFoundHookAfter: () => undefined }))
}

/** The candidates of every routed method, as lib/ready/route-table.ts builds them. */
function all (list: RouteEntry[], autoOptions = true): Candidate[] {
  const routed = new Set(list.map(route => route.method))
  if (autoOptions) routed.add('OPTIONS')
  return [...routed].sort().map(method => ({ method, ask: list.some(route => route.method === method) }))
}

/** What is asked about, and what is listed without asking: `GET` asked, `(OPTIONS)` listed. */
function shown (candidates: CandidateList | undefined): string | undefined {
  return candidates?.methods.map(({ method, ask }) => ask ? method : `(${method})`).join(' ')
}

t.test('a path whose first segment no route has matches nothing; where only the router can tell, every method is asked', async t => {
  const table = routes(['GET', '/posts/:id'], ['GET', '/'], ['OPTIONS', '/cors-only'], ['OPTIONS', '*'], ['GET', '/*'])
  const candidatesFor = createPathCandidates(table, all(table), options, automatic)
  t.equal(shown(candidatesFor('/nothing/1')), undefined)
  t.equal(shown(candidatesFor('/cors-only')), undefined, 'an OPTIONS route makes no resource')
  t.equal(shown(candidatesFor('/post')), undefined)
  t.equal(shown(candidatesFor('/posts')), 'GET OPTIONS', 'the root catch-alls are asked about everywhere')
  t.equal(shown(candidatesFor('/posts/1')), 'GET OPTIONS')
  t.equal(shown(candidatesFor('/posts#x')), 'GET OPTIONS', 'find-my-way ends the path at #')
  t.equal(shown(candidatesFor('/')), 'GET OPTIONS')
  t.equal(shown(candidatesFor('/p%6Fsts/1')), 'GET OPTIONS', 'decoding is the router\'s')
  t.equal(shown(candidatesFor('//posts')), 'GET OPTIONS', 'duplicate slashes are the router\'s')
  t.equal(shown(candidatesFor('http://host/posts')), 'GET OPTIONS', 'absolute-form targets are the router\'s')
  t.equal(shown(candidatesFor('/posts;x')), undefined, 'without useSemicolonDelimiter ; is part of the segment')
})

t.test('only the methods with a route under the path\'s first segment are asked about; OPTIONS stays listed when automatic', async t => {
  const table = routes(['GET', '/posts/:id'], ['HEAD', '/posts/:id'], ['PUT', '/posts/:id'], ['POST', '/api/r0'], ['PATCH', '/api/r0/:id'], ['GET', '/api/r0'])
  const candidatesFor = createPathCandidates(table, all(table), options, automatic)
  t.equal(shown(candidatesFor('/posts/1')), 'GET HEAD (OPTIONS) PUT')
  t.equal(shown(candidatesFor('/api/r0/1')), 'GET (OPTIONS) PATCH POST')
  t.equal(shown(candidatesFor('/unknown')), undefined)
  t.equal(shown(candidatesFor('/p%6Fsts/1')), 'GET HEAD (OPTIONS) PATCH POST PUT')

  const manual = createPathCandidates(table, all(table, false), options, { ...automatic, autoOptions: false })
  t.equal(shown(manual('/posts/1')), 'GET HEAD PUT', 'OPTIONS is not listed without autoOptions')
  t.equal(manual('/posts/1'), manual('/posts/2'), 'one list per set of methods, shared')
})

t.test('router options: case and semicolons', async t => {
  const table = routes(['GET', '/Posts'], ['DELETE', '/other'])
  const candidatesFor = createPathCandidates(table, all(table), { ...options, caseSensitive: false, useSemicolonDelimiter: true }, automatic)
  t.equal(shown(candidatesFor('/POSTS')), 'GET (OPTIONS)')
  t.equal(shown(candidatesFor('/posts;jsessionid=1')), 'GET (OPTIONS)')
  t.equal(shown(candidatesFor('/elsewhere')), undefined)
})

t.test('a first segment that is not plain text is asked about everywhere; a root catch-all makes resources only with catchAllIsResource', async t => {
  const slug = routes(['GET', '/:slug'], ['PUT', '/posts'])
  t.equal(shown(createPathCandidates(slug, all(slug), options, automatic)('/anything')), 'GET (OPTIONS)')
  t.equal(shown(createPathCandidates(slug, all(slug), options, automatic)('/posts')), 'GET (OPTIONS) PUT')
  const prefix = routes(['GET', '/file-*'])
  t.equal(shown(createPathCandidates(prefix, all(prefix), options, automatic)('/anything')), 'GET (OPTIONS)')
  const catchAll = routes(['GET', '/*'], ['OPTIONS', '/cors'])
  t.equal(shown(createPathCandidates(catchAll, all(catchAll), options, { ...automatic, catchAllIsResource: true })('/anything')), 'GET (OPTIONS)')
  t.equal(shown(createPathCandidates(catchAll, all(catchAll), options, { ...automatic, catchAllIsResource: true })('/cors')), 'GET OPTIONS')
  t.equal(createPathCandidates(catchAll, all(catchAll), options, automatic)('/anything'), undefined)
})
