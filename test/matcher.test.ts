import t from 'tap'
import { createMatcher, type Candidate } from '../lib/matcher'
import type { Params } from '../lib/fastify-edge'

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

t.test('only methods some route serves are looked up; OPTIONS is listed without a lookup when automatic', async t => {
  const { lookup, asked } = router()
  const resolve = createMatcher({ lookup, isRootCatchAll: notRootCatchAll, autoOptions: true, catchAllIsResource: false })
  const candidates: Candidate[] = [{ method: 'GET', ask: true }, { method: 'OPTIONS', ask: false }, { method: 'PUT', ask: true }]

  t.same(resolve(candidates, '/a', 'DELETE'), { allow: ['GET', 'OPTIONS', 'PUT'], resource: true, ownOptions: false, selfMatched: false })
  t.same(asked, ['GET /a', 'PUT /a'])
  t.same(resolve(candidates, '/a', 'PUT').selfMatched, true)
  t.same(resolve(candidates, '/b', 'DELETE'), { allow: ['OPTIONS'], resource: false, ownOptions: false, selfMatched: false })
})

t.test('without automatic OPTIONS, an unrouted OPTIONS is not listed', async t => {
  const { lookup } = router()
  const resolve = createMatcher({ lookup, isRootCatchAll: notRootCatchAll, autoOptions: false, catchAllIsResource: false })
  t.same(resolve([{ method: 'GET', ask: true }, { method: 'OPTIONS', ask: true }], '/a', 'DELETE').allow, ['GET'])
})

t.test('a candidate routed by the very routes of an earlier one takes that lookup\'s answer', async t => {
  const { lookup, asked } = router()
  const resolve = createMatcher({ lookup, isRootCatchAll: notRootCatchAll, autoOptions: true, catchAllIsResource: false })
  const candidates: Candidate[] = [{ method: 'GET', ask: true }, { method: 'HEAD', ask: true, same: 0 }, { method: 'OPTIONS', ask: false }, { method: 'PUT', ask: true, same: 0 }]

  t.same(resolve(candidates, '/a', 'DELETE').allow, ['GET', 'HEAD', 'OPTIONS', 'PUT'])
  t.same(resolve(candidates, '/a', 'HEAD').selfMatched, true)
  t.same(resolve(candidates, '/b', 'DELETE').allow, ['OPTIONS'])
  t.same(asked, ['GET /a', 'GET /a', 'GET /b'])
})
