import Fastify from 'fastify'
import { expect, test } from 'tstyche'
import type { MethodSurface, PathSurface, SurfaceDeprecation } from './index'
import { checkSurface, diffSurfaces, formatChanges, formatFindings, type CheckFinding, type SurfaceChange } from './check'

test('the methodSurface decorator', () => {
  const app = Fastify()
  const surface = app.methodSurface()
  expect(surface).type.toBe<MethodSurface>()
  expect(surface['/posts/:id']).type.toBe<PathSurface>()
  expect(surface['/posts/:id'].allow).type.toBe<string[]>()
  expect(surface['/posts/:id'].deprecated?.DELETE).type.toBe<SurfaceDeprecation | undefined>()
  expect(surface['/posts/:id'].acceptPatch).type.toBe<string[] | undefined>()
  expect(app.methodSurface).type.not.toBeCallableWith('/posts')
})

test('the check entry point', () => {
  const surface: MethodSurface = { '/a': { allow: ['GET'] } }
  const findings = checkSurface(surface, { paths: {} }, { basePath: '/v1' })
  expect(findings).type.toBe<CheckFinding[]>()
  expect(checkSurface).type.not.toBeCallableWith(surface, {}, { basePath: 1 })
  const finding = findings[0]
  if (finding.kind === 'missing') expect(finding.status).type.toBe<404 | 405>()
  if (finding.kind === 'deprecation') expect(finding.document).type.toBe<boolean>()
  expect(formatFindings(findings)).type.toBe<string>()

  const changes = diffSurfaces(surface, surface, { now: Date.now() })
  expect(changes).type.toBe<SurfaceChange[]>()
  expect(diffSurfaces).type.not.toBeCallableWith(surface, surface, { now: '2026-01-01' })
  const change = changes[0]
  if (change.kind === 'accept-narrowed') {
    expect(change.breaking).type.toBe<true>()
    expect(change.removed).type.toBe<string[]>()
  }
  expect(formatChanges(changes)).type.toBe<string>()
})
