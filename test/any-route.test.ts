import t from 'tap'
import { createAnyRouteTest } from '../lib/any-route'
import type { MatchingOptions, RouteEntry } from '../lib/fastify-edge'

const options: MatchingOptions = { caseSensitive: true, ignoreTrailingSlash: false, ignoreDuplicateSlashes: false, useSemicolonDelimiter: false, maxParamLength: 100 }

function routes (...list: Array<[string, string]>): RouteEntry[] {
  return list.map(([method, pattern]) => ({ method, pattern, constraints: {}, config: undefined, mediaTypes: () => [], wrapHandler: () => {} }))
}

t.test('a path whose first segment no route has matches nothing; where only the router can tell, it asks', async t => {
  const anyRoute = createAnyRouteTest(routes(['GET', '/posts/:id'], ['GET', '/'], ['OPTIONS', '/cors-only'], ['OPTIONS', '*'], ['GET', '/*']), options, false)
  t.equal(anyRoute('/nothing/1'), false)
  t.equal(anyRoute('/cors-only'), false, 'an OPTIONS route makes no resource')
  t.equal(anyRoute('/post'), false)
  t.equal(anyRoute('/posts'), true)
  t.equal(anyRoute('/posts/1'), true)
  t.equal(anyRoute('/posts#x'), true, 'find-my-way ends the path at #')
  t.equal(anyRoute('/'), true)
  t.equal(anyRoute('/p%6Fsts/1'), true, 'decoding is the router\'s')
  t.equal(anyRoute('//posts'), true, 'duplicate slashes are the router\'s')
  t.equal(anyRoute('http://host/posts'), true, 'absolute-form targets are the router\'s')
  t.equal(anyRoute('/posts;x'), false, 'without useSemicolonDelimiter ; is part of the segment')
})

t.test('router options: case and semicolons', async t => {
  const anyRoute = createAnyRouteTest(routes(['GET', '/Posts']), { ...options, caseSensitive: false, useSemicolonDelimiter: true }, false)
  t.equal(anyRoute('/POSTS'), true)
  t.equal(anyRoute('/posts;jsessionid=1'), true)
  t.equal(anyRoute('/other'), false)
})

t.test('a first segment that is not plain text, or a root catch-all that makes resources, leaves every path to the router', async t => {
  t.equal(createAnyRouteTest(routes(['GET', '/:slug']), options, false)('/anything'), true)
  t.equal(createAnyRouteTest(routes(['GET', '/file-*']), options, false)('/anything'), true)
  t.equal(createAnyRouteTest(routes(['GET', '/*']), options, true)('/anything'), true)
  t.equal(createAnyRouteTest(routes(['GET', '/*']), options, false)('/anything'), false)
})
