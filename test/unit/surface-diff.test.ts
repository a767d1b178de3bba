import t from 'tap'
import { diffSurfaces } from '../../lib/surface/diff'
import { formatChanges } from '../../lib/surface/report'
import type { MethodSurface } from '../../types/index'

const now = Date.parse('2026-06-01')

const before: MethodSurface = {
  '/posts': { allow: ['GET', 'HEAD', 'OPTIONS', 'POST'], acceptPost: ['application/json', 'text/plain'] },
  '/posts/:id': {
    allow: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'PUT'],
    deprecated: { PUT: { retired: false, since: '2025-01-01', sunset: '2026-01-01' }, DELETE: { retired: false, since: '2025-01-01', sunset: '2099-01-01' } },
    acceptPatch: ['application/json', 'application/merge-patch+json']
  },
  '/old': { allow: ['GET', 'HEAD', 'OPTIONS'] },
  '/any': { allow: ['OPTIONS', 'PATCH'], acceptPatch: ['*/*'] }
}

t.test('identical surfaces: no change, and the report says so', async t => {
  t.strictSame(diffSurfaces(before, before, { now }), [])
  t.equal(formatChanges([]), 'No change.\n')
})

t.test('breaking: a method gone or retired without a past sunset, a narrowed Accept-Patch; the rest is listed apart', async t => {
  const after: MethodSurface = {
    '/posts': { allow: ['GET', 'HEAD', 'OPTIONS', 'POST'], acceptPost: ['*/*'] },
    '/posts/:id': {
      allow: ['GET', 'HEAD', 'OPTIONS', 'PATCH'],
      deprecated: { DELETE: { retired: true }, GET: { retired: false, since: '2026-05-01', sunset: '2027-01-01' }, HEAD: { retired: false, since: '2026-05-01' } },
      acceptPatch: ['application/json']
    },
    '/any': { allow: ['OPTIONS', 'PATCH'], acceptPatch: ['application/json'] },
    '/new': { allow: ['OPTIONS', 'PUT'], deprecated: { PUT: { retired: false, since: '2026-05-01' } } }
  }
  const changes = diffSurfaces(before, after, { now })
  t.strictSame(changes, [
    { kind: 'accept-narrowed', breaking: true, path: '/any', method: 'PATCH', removed: ['*/*'] },
    { kind: 'added', breaking: false, path: '/new', method: 'OPTIONS' },
    { kind: 'added', breaking: false, path: '/new', method: 'PUT' },
    { kind: 'deprecated', breaking: false, path: '/new', method: 'PUT' },
    { kind: 'removed', breaking: true, path: '/old', method: 'GET' },
    { kind: 'removed', breaking: true, path: '/old', method: 'HEAD' },
    { kind: 'removed', breaking: true, path: '/old', method: 'OPTIONS' },
    { kind: 'retired', breaking: true, path: '/posts/:id', method: 'DELETE' },
    { kind: 'deprecated', breaking: false, path: '/posts/:id', method: 'GET', sunset: '2027-01-01' },
    { kind: 'deprecated', breaking: false, path: '/posts/:id', method: 'HEAD' },
    { kind: 'accept-narrowed', breaking: true, path: '/posts/:id', method: 'PATCH', removed: ['application/merge-patch+json'] },
    { kind: 'removed', breaking: false, path: '/posts/:id', method: 'PUT' }
  ])
  t.equal(formatChanges(changes), [
    '6 breaking changes:',
    '  PATCH /any: Accept-Patch no longer lists */*',
    '  GET /old: removed without a past sunset',
    '  HEAD /old: removed without a past sunset',
    '  OPTIONS /old: removed without a past sunset',
    '  DELETE /posts/:id: retired without a past sunset',
    '  PATCH /posts/:id: Accept-Patch no longer lists application/merge-patch+json',
    '6 other changes:',
    '  OPTIONS /new: added',
    '  PUT /new: added',
    '  PUT /new: deprecated',
    '  GET /posts/:id: deprecated, sunset 2027-01-01',
    '  HEAD /posts/:id: deprecated',
    '  PUT /posts/:id: removed after its sunset',
    ''
  ].join('\n'))
})

t.test('a method retired once its announced sunset has passed breaks no one', async t => {
  const after: MethodSurface = {
    ...before,
    '/posts/:id': { ...before['/posts/:id'], allow: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH'], deprecated: { PUT: { retired: true, since: '2025-01-01', sunset: '2026-01-01' } } }
  }
  t.strictSame(diffSurfaces(before, after, { now }), [{ kind: 'retired', breaking: false, path: '/posts/:id', method: 'PUT' }])
  t.equal(formatChanges(diffSurfaces(before, after, { now })), '1 other change:\n  PUT /posts/:id: retired after its sunset\n')
  // Judged at the time given: before the sunset, the same change breaks.
  t.strictSame(diffSurfaces(before, after, { now: Date.parse('2025-06-01') }), [{ kind: 'retired', breaking: true, path: '/posts/:id', method: 'PUT' }])
  // Default: now.
  t.strictSame(diffSurfaces(before, after), [{ kind: 'retired', breaking: false, path: '/posts/:id', method: 'PUT' }])
})

t.test('Accept-Post narrowed, and a field that disappears while the method stays', async t => {
  const after: MethodSurface = { ...before, '/posts': { allow: ['GET', 'HEAD', 'OPTIONS', 'POST'] } }
  t.strictSame(diffSurfaces(before, after, { now }), [
    { kind: 'accept-narrowed', breaking: true, path: '/posts', method: 'POST', removed: ['application/json', 'text/plain'] }
  ])
  t.equal(formatChanges(diffSurfaces(before, after, { now })), '1 breaking change:\n  POST /posts: Accept-Post no longer lists application/json, text/plain\n')
})
