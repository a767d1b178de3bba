import t from 'tap'
import { createResolutionCache, defaultLimits } from '../../lib/request/cache'
import { candidateList } from '../../lib/model/candidates'
import type { Matcher, Resolution } from '../../lib/request/matcher'
import { Answer } from '../../lib/model/allow'

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
