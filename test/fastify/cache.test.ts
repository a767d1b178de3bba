import t from 'tap'
import type { FastifyError, FastifyReply } from 'fastify'
import { createResolutionCache, defaultLimits } from '../../lib/request/cache'
import { FST_ERR_METHOD_NOT_ALLOWED } from '../../lib/errors'
import { candidateList } from '../../lib/model/candidates'
import { pathOf, type Matcher, type Resolution } from '../../lib/request/matcher'
import { Answer } from '../../lib/model/allow'
import { methodNotAllowed } from '../../lib/request/responder'
import { build, body405 } from '../helpers/app'

const methods = candidateList(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PUT'].map(method => ({ method, ask: true })))
// The route table the entries belong to.
const table = {}
// Every miss stored, so that each step below is visible.
const always = { ...defaultLimits, admitEvery: 1 }

/** A resolution as the matcher makes it, of a resource with this Allow list. */
function resolutionOf (allow: string[]): Resolution {
  const answer = new Answer(allow)
  return { allow: answer.allow, answer, resource: true, ownOptions: false, selfMatched: false, message: '', messageUrl: '' }
}

/** A matcher that records its calls and answers GET, HEAD, OPTIONS for every path. */
function recording (): { resolve: Matcher, calls: string[] } {
  const calls: string[] = []
  const resolve: Matcher = (_methods, url, method): Resolution => {
    calls.push(`${method} ${url}`)
    return { ...resolutionOf(['GET', 'HEAD', 'OPTIONS']), selfMatched: method === 'GET' }
  }
  return { resolve, calls }
}

t.test('a repeated path and method is resolved once, with its Allow value formatted once', async t => {
  const { resolve, calls } = recording()
  const cached = createResolutionCache(resolve, always)
  const first = cached(table, methods, '/a', 'DELETE')
  t.same(first, resolutionOf(['GET', 'HEAD', 'OPTIONS']))
  t.equal(first.answer.header, 'GET, HEAD, OPTIONS')
  t.equal(cached(table, methods, '/a', 'DELETE'), first)
  t.same(calls, ['DELETE /a'])
})

t.test('the query string is not part of the key, and the router never sees it', async t => {
  const app = await build()
  app.get('/a', async () => 'a')
  for (const url of ['/a?x=1', '/a?y=2', '/a']) {
    const res = await app.inject({ method: 'DELETE', url })
    t.equal(res.statusCode, 405)
    t.same(res.json(), body405('DELETE', url, 'GET, HEAD, OPTIONS'))
  }
  t.equal(pathOf('/a?x=1&b=/c'), '/a')
  t.equal(pathOf('/a'), '/a')
})

t.test('each method of a path has its own entry: selfMatched depends on it', async t => {
  const { resolve, calls } = recording()
  const cached = createResolutionCache(resolve, always)
  t.equal(cached(table, methods, '/a', 'DELETE').selfMatched, false)
  t.equal(cached(table, methods, '/a', 'GET').selfMatched, true)
  t.equal(cached(table, methods, '/a', 'GET').selfMatched, true)
  t.same(calls, ['DELETE /a', 'GET /a'])
})

t.test('the cache is bounded: past the limit, the oldest path is forgotten first', async t => {
  const { resolve, calls } = recording()
  const cached = createResolutionCache(resolve, { paths: 2, pathLength: 256, admitEvery: 1 })
  cached(table, methods, '/a', 'DELETE')
  cached(table, methods, '/b', 'DELETE')
  cached(table, methods, '/b', 'PUT')
  cached(table, methods, '/c', 'DELETE')
  t.same(calls, ['DELETE /a', 'DELETE /b', 'PUT /b', 'DELETE /c'])
  // /a was dropped for /c; /b and /c (both methods of /b) stay.
  cached(table, methods, '/b', 'PUT')
  cached(table, methods, '/c', 'DELETE')
  t.same(calls.length, 4)
  cached(table, methods, '/a', 'DELETE')
  t.same(calls, ['DELETE /a', 'DELETE /b', 'PUT /b', 'DELETE /c', 'DELETE /a'])
})

t.test('paths longer than the limit are resolved every time and never stored', async t => {
  const { resolve, calls } = recording()
  const cached = createResolutionCache(resolve, { paths: 10, pathLength: 4, admitEvery: 1 })
  const long = cached(table, methods, '/abcd', 'DELETE')
  t.equal(long.answer.header, 'GET, HEAD, OPTIONS')
  cached(table, methods, '/abcd', 'DELETE')
  cached(table, methods, '/abc', 'DELETE')
  cached(table, methods, '/abc', 'DELETE')
  t.same(calls, ['DELETE /abcd', 'DELETE /abcd', 'DELETE /abc'])
})

t.test('a new route table empties the cache (the routes read afresh before ready)', async t => {
  const { resolve, calls } = recording()
  const cached = createResolutionCache(resolve, always)
  cached(table, methods, '/a', 'DELETE')
  cached(table, methods, '/a', 'DELETE')
  cached({}, methods, '/a', 'DELETE')
  t.same(calls, ['DELETE /a', 'DELETE /a'])
})

t.test('between two sunsets answers are kept; the clock passing a sunset starts afresh', async t => {
  const { resolve, calls } = recording()
  const clock = { now: 100, asked: 0 }
  const cached = createResolutionCache(resolve, always, () => { clock.asked++; return clock.now })
  const sunsets = { sunsets: [200, 300] }
  cached(sunsets, methods, '/a', 'DELETE')
  clock.now = 199
  cached(sunsets, methods, '/a', 'DELETE')
  t.same(calls, ['DELETE /a'], 'before the first sunset: one window')
  clock.now = 200
  cached(sunsets, methods, '/a', 'DELETE')
  clock.now = 299
  cached(sunsets, methods, '/a', 'DELETE')
  t.same(calls, ['DELETE /a', 'DELETE /a'], 'retired from the sunset on: a new window until the next one')
  clock.now = 5000
  cached(sunsets, methods, '/a', 'DELETE')
  cached(sunsets, methods, '/a', 'DELETE')
  t.same(calls, ['DELETE /a', 'DELETE /a', 'DELETE /a'], 'past the last sunset: nothing changes any more')
  t.equal(clock.asked, 6, 'the clock is asked once per request')
})

t.test('a clock moved back before a sunset it had passed starts afresh too', async t => {
  const { resolve, calls } = recording()
  const clock = { now: 250 }
  const cached = createResolutionCache(resolve, always, () => clock.now)
  const sunsets = { sunsets: [200, 300] }
  cached(sunsets, methods, '/a', 'DELETE')
  clock.now = 199
  cached(sunsets, methods, '/a', 'DELETE')
  clock.now = 250
  cached(sunsets, methods, '/a', 'DELETE')
  clock.now = 150
  cached(sunsets, methods, '/a', 'DELETE')
  cached(sunsets, methods, '/a', 'DELETE')
  t.same(calls, ['DELETE /a', 'DELETE /a', 'DELETE /a', 'DELETE /a'])
})

t.test('a table without sunsets never asks the clock: its answers never change', async t => {
  const { resolve, calls } = recording()
  const cached = createResolutionCache(resolve, always, () => t.fail('the clock was asked') as never)
  const none = { sunsets: [] }
  cached(none, methods, '/a', 'DELETE')
  cached(none, methods, '/a', 'DELETE')
  t.same(calls, ['DELETE /a'])
})

t.test('one miss in admitEvery is stored: a URL that comes back gets in, a stream of new ones mostly does not', async t => {
  const { resolve, calls } = recording()
  const cached = createResolutionCache(resolve, { paths: 10, pathLength: 256, admitEvery: 3 })
  for (let i = 0; i < 4; i++) cached(table, methods, '/again', 'DELETE')
  // Misses 1 and 2 are not stored, miss 3 is; the fourth request is a hit.
  t.same(calls, ['DELETE /again', 'DELETE /again', 'DELETE /again'])

  for (const path of ['/a', '/b', '/c', '/d', '/e', '/f']) cached(table, methods, path, 'DELETE')
  calls.length = 0
  for (const path of ['/a', '/b', '/c', '/d', '/e', '/f']) cached(table, methods, path, 'DELETE')
  // Of six new paths, misses 6 and 9 (/c and /f) were stored.
  t.same(calls, ['DELETE /a', 'DELETE /b', 'DELETE /d', 'DELETE /e'])
})

t.test('the default limits keep the cache small (under 5 MB whatever the traffic)', async t => {
  t.same(defaultLimits, { paths: 1000, pathLength: 256, admitEvery: 8 })
})

t.test('the responder\'s 405 error is the object FST_ERR_METHOD_NOT_ALLOWED builds, plus allow', async t => {
  const headers: Record<string, string> = {}
  const reply = { header (name: string, value: string) { headers[name] = value; return reply } } as unknown as FastifyReply
  const allow = ['GET', 'HEAD']
  const error = methodNotAllowed(reply, 'DELETE', '/posts/1?x=%s', resolutionOf(allow))
  const reference = new FST_ERR_METHOD_NOT_ALLOWED('DELETE', '/posts/1?x=%s', 'GET, HEAD')

  // Same own properties, in the same order, with the same values and descriptors.
  t.same(Object.getOwnPropertyNames(error), [...Object.getOwnPropertyNames(reference), 'allow'])
  for (const key of Object.getOwnPropertyNames(reference)) {
    t.same(Object.getOwnPropertyDescriptor(error, key), Object.getOwnPropertyDescriptor(reference, key), key)
  }
  t.equal(Object.getPrototypeOf(error), Object.getPrototypeOf(reference))
  t.equal(error.message, 'Method DELETE is not allowed for /posts/1?x=%s; allowed: GET, HEAD')
  t.equal(String(error), String(reference))
  t.ok(error instanceof FST_ERR_METHOD_NOT_ALLOWED)
  t.ok(error instanceof Error)
  t.same(error.allow, ['GET', 'HEAD'])
  t.not(error.allow, allow)
  t.same(headers, { allow: 'GET, HEAD' })
})

t.test('a resolution keeps the message of the last URL it served; another URL (another query) gets its own', async t => {
  const reply = { header () { return reply } } as unknown as FastifyReply
  const resolution = resolutionOf(['GET', 'HEAD'])
  const messages = ['/a', '/a', '/a?x=1', '/a'].map(url => methodNotAllowed(reply, 'DELETE', url, resolution).message)
  t.same(messages, [
    'Method DELETE is not allowed for /a; allowed: GET, HEAD',
    'Method DELETE is not allowed for /a; allowed: GET, HEAD',
    'Method DELETE is not allowed for /a?x=1; allowed: GET, HEAD',
    'Method DELETE is not allowed for /a; allowed: GET, HEAD'
  ])
  t.equal(resolution.message, messages[3])
  t.equal(resolution.messageUrl, '/a')
})

t.test('an error handler that changes error.allow cannot change the cached Allow list', async t => {
  const app = await build()
  app.get('/posts/:id', async () => 'post')
  app.setErrorHandler((error: FastifyError & { allow?: string[] }, _request, reply) => {
    error.allow?.push('MADE-UP')
    reply.code(error.statusCode ?? 500).send({ allow: error.allow })
  })

  // Enough rounds for the entry to be stored and then served from the cache.
  for (let i = 0; i < 2 * defaultLimits.admitEvery; i++) {
    const res = await app.inject({ method: 'DELETE', url: '/posts/1' })
    t.equal(res.statusCode, 405)
    t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
    t.same(res.json(), { allow: ['GET', 'HEAD', 'OPTIONS', 'MADE-UP'] })
  }
})

t.test('repeated requests get the same answers as the first: 405, 404 and automatic OPTIONS', async t => {
  const app = await build()
  app.get('/posts/:id', async () => 'post')
  app.put('/posts/:id', async () => 'put')

  for (let i = 0; i < 2 * defaultLimits.admitEvery; i++) {
    const gone = await app.inject({ method: 'DELETE', url: `/posts/1?try=${i}` })
    t.equal(gone.statusCode, 405)
    t.equal(gone.headers.allow, 'GET, HEAD, OPTIONS, PUT')
    t.same(gone.json(), body405('DELETE', `/posts/1?try=${i}`, 'GET, HEAD, OPTIONS, PUT'))

    const options = await app.inject({ method: 'OPTIONS', url: '/posts/1' })
    t.equal(options.statusCode, 200)
    t.equal(options.headers.allow, 'GET, HEAD, OPTIONS, PUT')
    t.equal(options.body, '')

    const unknown = await app.inject({ method: 'DELETE', url: '/nothing' })
    t.equal(unknown.statusCode, 404)
    t.equal(unknown.headers.allow, undefined)
  }
})

t.test('more distinct paths than the cache holds still get exact answers', async t => {
  const app = await build()
  app.get('/posts/:id', async () => 'post')

  // Enough misses to store more paths than the cache holds.
  const paths = defaultLimits.paths * defaultLimits.admitEvery + 10
  for (let i = 0; i < paths; i++) {
    const res = await app.inject({ method: 'DELETE', url: `/posts/${i}` })
    if (res.statusCode !== 405) t.fail(`DELETE /posts/${i} answered ${res.statusCode}`)
  }
  // The first paths were forgotten; asking again resolves them again, alike.
  const again = await app.inject({ method: 'DELETE', url: '/posts/0' })
  t.equal(again.statusCode, 405)
  t.equal(again.headers.allow, 'GET, HEAD, OPTIONS')
  t.same(again.json(), body405('DELETE', '/posts/0', 'GET, HEAD, OPTIONS'))
})

t.test('with constraint values in play, every request is resolved afresh', async t => {
  const app = await build()
  app.get('/h', { constraints: { host: 'api.example' } }, async () => 'api')
  app.post('/h', async () => 'created')

  // Same path and method, two hosts, two answers: nothing is shared between them.
  for (let i = 0; i < 2; i++) {
    const api = await app.inject({ method: 'DELETE', url: '/h', headers: { host: 'api.example' } })
    t.equal(api.statusCode, 405)
    t.equal(api.headers.allow, 'GET, HEAD, OPTIONS, POST')
    const other = await app.inject({ method: 'DELETE', url: '/h', headers: { host: 'www.example' } })
    t.equal(other.statusCode, 405)
    t.equal(other.headers.allow, 'OPTIONS, POST')
  }
})

t.test('routes kept for hidden-route questions survive ready() when a route is hidden', async t => {
  const app = await build()
  app.get('/secret/:id', { config: { methodNotAllowed: false } }, async () => 'secret')
  app.get('/posts/:id', async () => 'post')
  // ready() seals the hidden-route registry before the first question is asked.
  await app.ready()

  const hidden = await app.inject({ method: 'DELETE', url: '/secret/1' })
  t.equal(hidden.statusCode, 404)
  t.equal(hidden.headers.allow, undefined)
  const visible = await app.inject({ method: 'DELETE', url: '/posts/1' })
  t.equal(visible.statusCode, 405)
  t.equal(visible.headers.allow, 'GET, HEAD, OPTIONS')
})

t.test('an app without hidden routes answers alike after ready() has let their registry go', async t => {
  const app = await build()
  app.get('/posts/:id', async () => 'post')
  await app.ready()
  t.same(app.allowedMethods('/posts/1'), ['GET', 'HEAD', 'OPTIONS'])
  const res = await app.inject({ method: 'DELETE', url: '/posts/1' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
})
