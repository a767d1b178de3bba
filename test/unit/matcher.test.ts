import t from 'tap'
import { candidateList } from '../../lib/model/candidates'
import { createMatcher, type Resolution } from '../../lib/request/matcher'
import type { Params } from '../../lib/router/fastify-edge'

/** A router that serves GET and PUT at /a, and records what it is asked. */
function router (): { lookup: (method: string, path: string) => Params | null, asked: string[] } {
  const asked: string[] = []
  return {
    asked,
    lookup (method, path) {
      asked.push(`${method} ${path}`)
      return path === '/a' && (method === 'GET' || method === 'PUT') ? {} : null
    }
  }
}

const notRootCatchAll = (): boolean => false

/** A resolution as plain data: its Allow list, field value and facts. */
function facts ({ allow, answer, resource, ownOptions, selfMatched }: Resolution): object {
  return { allow, header: answer.header, resource, ownOptions, selfMatched }
}

t.test('only methods some route serves are looked up; OPTIONS is listed without a lookup when automatic', async t => {
  const { lookup, asked } = router()
  const resolve = createMatcher({ lookup, isRootCatchAll: notRootCatchAll, autoOptions: true, catchAllIsResource: false })
  const candidates = candidateList([{ method: 'GET', ask: true }, { method: 'OPTIONS', ask: false }, { method: 'PUT', ask: true }])

  t.same(facts(resolve(candidates, '/a', 'DELETE')), { allow: ['GET', 'OPTIONS', 'PUT'], header: 'GET, OPTIONS, PUT', resource: true, ownOptions: false, selfMatched: false })
  t.same(asked, ['GET /a', 'PUT /a'])
  t.same(resolve(candidates, '/a', 'PUT').selfMatched, true)
  t.same(facts(resolve(candidates, '/b', 'DELETE')), { allow: ['OPTIONS'], header: 'OPTIONS', resource: false, ownOptions: false, selfMatched: false })
})

t.test('without automatic OPTIONS, an unrouted OPTIONS is not listed', async t => {
  const { lookup } = router()
  const resolve = createMatcher({ lookup, isRootCatchAll: notRootCatchAll, autoOptions: false, catchAllIsResource: false })
  t.same(resolve(candidateList([{ method: 'GET', ask: true }, { method: 'OPTIONS', ask: true }]), '/a', 'DELETE').allow, ['GET'])
})

t.test('a candidate routed by the very routes of an earlier one takes that lookup\'s answer', async t => {
  const { lookup, asked } = router()
  const resolve = createMatcher({ lookup, isRootCatchAll: notRootCatchAll, autoOptions: true, catchAllIsResource: false })
  const candidates = candidateList([{ method: 'GET', ask: true }, { method: 'HEAD', ask: true, same: 0 }, { method: 'OPTIONS', ask: false }, { method: 'PUT', ask: true, same: 0 }])

  t.same(resolve(candidates, '/a', 'DELETE').allow, ['GET', 'HEAD', 'OPTIONS', 'PUT'])
  t.same(resolve(candidates, '/a', 'HEAD').selfMatched, true)
  t.same(resolve(candidates, '/b', 'DELETE').allow, ['OPTIONS'])
  t.same(asked, ['GET /a', 'GET /a', 'GET /b'])
})

t.test('URLs with the same Allow list share one answer; a list too long for a bit mask builds its own', async t => {
  const { lookup } = router()
  const resolve = createMatcher({ lookup, isRootCatchAll: notRootCatchAll, autoOptions: true, catchAllIsResource: false })
  const candidates = candidateList([{ method: 'GET', ask: true }, { method: 'OPTIONS', ask: false }, { method: 'PUT', ask: true }])
  t.equal(resolve(candidates, '/a', 'DELETE').answer, resolve(candidates, '/a', 'PATCH').answer)
  t.equal(resolve(candidates, '/b', 'DELETE').answer, resolve(candidates, '/c', 'DELETE').answer)
  t.not(resolve(candidates, '/a', 'DELETE').answer, resolve(candidates, '/b', 'DELETE').answer)

  // 32 methods: X00 ... X30, then PUT; the router serves PUT at /a.
  const long = candidateList([...Array.from({ length: 31 }, (_, i) => ({ method: `X${String(i).padStart(2, '0')}`, ask: true })), { method: 'PUT', ask: true }])
  t.equal(long.answers, undefined)
  const first = resolve(long, '/a', 'DELETE')
  t.same(facts(first), { allow: ['PUT'], header: 'PUT', resource: true, ownOptions: false, selfMatched: false })
  t.not(resolve(long, '/a', 'DELETE').answer, first.answer)
})

t.test('a list keeps at most 64 answers: past them, answers are built afresh', async t => {
  // Seven methods; path /n is routed for method Mi when bit i of n is set: 128 Allow lists.
  const lookup = (method: string, path: string): Params | null => (Number(path.slice(1)) & (1 << Number(method.slice(1)))) !== 0 ? {} : null
  const resolve = createMatcher({ lookup, isRootCatchAll: notRootCatchAll, autoOptions: false, catchAllIsResource: false })
  const candidates = candidateList(Array.from({ length: 7 }, (_, i) => ({ method: `M${i}`, ask: true })))
  for (let n = 0; n < 128; n++) resolve(candidates, `/${n}`, 'DELETE')
  t.equal(candidates.answers?.size, 64)
  t.equal(resolve(candidates, '/5', 'DELETE').answer, resolve(candidates, '/5', 'DELETE').answer)
  const late = resolve(candidates, '/100', 'DELETE')
  t.same(late.allow, ['M2', 'M5', 'M6'])
  t.not(resolve(candidates, '/100', 'DELETE').answer, late.answer)
})
