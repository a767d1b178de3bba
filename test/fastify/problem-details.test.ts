import t, { type Test } from 'tap'
import fc from 'fast-check'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { build } from '../helpers/app'
import { problemDetails } from '../../lib/integrations/problem-details'
import * as errors from '../../lib/errors'
import { formatAllow } from '../../lib/model/allow'

// RFC 9457 problem details for the plugin's 405 and 501. The checks are the
// RFC's rules (§3.1: members and their types; status equal to the response's;
// type and instance URI references, RFC 3986 §4.1), not this plugin's output.

// RFC 3986 §3 and §4.1, written from the ABNF.
const pct = '%[0-9A-Fa-f]{2}'
const unreserved = 'A-Za-z0-9\\-._~'
const subDelims = "!$&'()*+,;="
const pchar = `(?:[${unreserved}${subDelims}:@]|${pct})`
const segment = `${pchar}*`
const segmentNz = `${pchar}+`
const segmentNzNc = `(?:[${unreserved}${subDelims}@]|${pct})+`
const query = `(?:${pchar}|[/?])*`
const authority = `(?:(?:[${unreserved}${subDelims}:]|${pct})*@)?(?:\\[[0-9A-Fa-f:.vV${unreserved}${subDelims}]+\\]|(?:[${unreserved}${subDelims}]|${pct})*)(?::[0-9]*)?`
const pathAbempty = `(?:/${segment})*`
const pathAbsolute = `/(?:${segmentNz}(?:/${segment})*)?`
const tail = `(?:\\?${query})?(?:#${query})?`
const uri = `[A-Za-z][A-Za-z0-9+\\-.]*:(?://${authority}${pathAbempty}|${pathAbsolute}|${segmentNz}(?:/${segment})*|)${tail}`
const relativeRef = `(?://${authority}${pathAbempty}|${pathAbsolute}|${segmentNzNc}(?:/${segment})*|)${tail}`
const uriReference = new RegExp(`^(?:${uri}|${relativeRef})$`)

/** RFC 9457 §3.1: the standard members, with the types the RFC gives them. */
function checkProblem (t: Test, body: Record<string, unknown>, status: number): void {
  t.match(body.type, uriReference, 'type is a URI reference')
  t.type(body.title, 'string', 'title is a string')
  t.equal(body.status, status, 'status is the response\'s status code, as a number')
  t.type(body.detail, 'string', 'detail is a string')
  t.match(body.instance, uriReference, 'instance is a URI reference')
}

async function app (setup?: (app: FastifyInstance) => void): Promise<FastifyInstance> {
  const app = await build({ clock: () => Date.parse('2027-07-01') })
  app.setErrorHandler((error, request, reply) => {
    const problem = problemDetails(error, request)
    if (problem === undefined) throw error
    return reply.code(problem.status).type('application/problem+json').send(problem)
  })
  app.get('/posts/:id', async () => ({ id: 1 }))
  app.patch('/posts/:id', async () => ({ patched: true }))
  app.put('/posts/:id', { config: { methodNotAllowed: { deprecated: { PUT: { since: '2026-12-01', sunset: '2027-06-30', use: 'PATCH', link: 'https://api.example/put' } } } } }, async () => 'put')
  app.post('/posts/:id', { config: { methodNotAllowed: { deprecated: { POST: { retired: true } } } } }, async () => 'post')
  setup?.(app)
  return app
}

t.test('a 405 becomes application/problem+json with allow, the Allow header as a list', async t => {
  const server = await app()
  const res = await server.inject({ method: 'DELETE', url: '/posts/1?draft=true' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
  const body = res.json()
  checkProblem(t, body, res.statusCode)
  t.same(body, {
    type: 'about:blank',
    title: 'Method Not Allowed',
    status: 405,
    detail: 'Method DELETE is not allowed for /posts/1?draft=true; allowed: GET, HEAD, OPTIONS, PATCH',
    instance: '/posts/1?draft=true',
    allow: ['GET', 'HEAD', 'OPTIONS', 'PATCH']
  })
  t.equal(formatAllow(body.allow), res.headers.allow)
})

t.test('a 501 becomes application/problem+json without allow', async t => {
  const server = await app()
  const res = await server.inject({ method: 'PROPFIND' as 'GET', url: '/posts/1' })
  t.equal(res.statusCode, 501)
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
  checkProblem(t, res.json(), res.statusCode)
  t.same(res.json(), { type: 'about:blank', title: 'Not Implemented', status: 501, detail: 'Method PROPFIND is not implemented by this server', instance: '/posts/1' })
})

t.test('a retired method\'s 405 carries sunset, use and link; one declared retired carries neither sunset nor what it lacks', async t => {
  const server = await app()
  const put = await server.inject({ method: 'PUT', url: '/posts/1' })
  t.equal(put.statusCode, 405)
  checkProblem(t, put.json(), put.statusCode)
  t.same(put.json(), {
    type: 'about:blank',
    title: 'Method Not Allowed',
    status: 405,
    detail: 'Method PUT was retired on 2027-06-30 for /posts/1; use PATCH (https://api.example/put); allowed: GET, HEAD, OPTIONS, PATCH',
    instance: '/posts/1',
    allow: ['GET', 'HEAD', 'OPTIONS', 'PATCH'],
    sunset: '2027-06-30',
    use: 'PATCH',
    link: 'https://api.example/put'
  })
  t.match(put.json().link, uriReference)
  const post = await server.inject({ method: 'POST', url: '/posts/1' })
  t.same(Object.keys(post.json()), ['type', 'title', 'status', 'detail', 'instance', 'allow'])
})

t.test('any other error is not the helper\'s: undefined, and the handler answers its own way', async t => {
  const server = await app(app => {
    app.get('/boom', async () => { throw new Error('boom') })
  })
  const boom = await server.inject({ method: 'GET', url: '/boom' })
  t.equal(boom.statusCode, 500)
  t.equal(boom.headers['content-type'], 'application/json; charset=utf-8')
  const request = { url: '/x' } as FastifyRequest
  t.equal(problemDetails(new Error('x'), request), undefined)
  t.equal(problemDetails('405', request), undefined)
  t.equal(problemDetails(undefined, request), undefined)
  // Built by the app rather than sent by the plugin: no Allow list to tell.
  t.equal(problemDetails(new errors.FST_ERR_METHOD_NOT_ALLOWED('GET', '/x', 'POST'), request), undefined)
  t.same(problemDetails(new errors.FST_ERR_METHOD_NOT_IMPLEMENTED('PURGE'), request)?.status, 501)
})

t.test('instance percent-encodes what a URI reference cannot hold, byte by byte as Node read them', async t => {
  const error = new errors.FST_ERR_METHOD_NOT_IMPLEMENTED('PURGE')
  const instance = (url: string): string | undefined => problemDetails(error, { url } as FastifyRequest)?.instance
  t.equal(instance('/a b/[x]/{y}|^`"<>\\#f'), '/a%20b/%5Bx%5D/%7By%7D%7C%5E%60%22%3C%3E%5C%23f')
  t.equal(instance('/100%/%41%zz'), '/100%25/%41%25zz', 'a percent sign starts an octet or is one')
  t.equal(instance('/caf\u00c3\u00a9'), '/caf%C3%A9', 'Latin-1 characters are the bytes Node read')
  t.equal(instance('/\u00e9\u20ac\u{1F600}'), '/%E9%E2%82%AC%F0%9F%98%80', 'beyond Latin-1: UTF-8')
  t.equal(instance('/\ud800x'), '/%EF%BF%BDx', 'a lone surrogate is the replacement character')
  t.equal(instance('*'), '*')
  t.equal(instance('/p?q=1&r=a:b@c/d?e'), '/p?q=1&r=a:b@c/d?e')
})

t.test('property: instance is a URI reference whatever the request target', async t => {
  const error = new errors.FST_ERR_METHOD_NOT_IMPLEMENTED('PURGE')
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), target => {
    const problem = problemDetails(error, { url: `/${target}` } as FastifyRequest)
    return problem !== undefined && uriReference.test(problem.instance)
  }), { seed: 9457, numRuns: Number(process.env.PROBLEM_RUNS ?? 2000) })
  t.pass('every generated target')
})
