import t from 'tap'
import FindMyWay from 'find-my-way'
import { isSimplePattern, OverlapIndex, pathShape, shapeOf } from '../../lib/router/overlaps'
import type { MatchingOptions } from '../../lib/router/fastify-edge'

const defaults: MatchingOptions = { caseSensitive: true, ignoreTrailingSlash: false, ignoreDuplicateSlashes: false, useSemicolonDelimiter: false, maxParamLength: 100 }

const patterns = [
  '/', '/api', '/api/', '/api/r0', '/api/r1', '/API/r0', '/api/:id', '/api/:id/x', '/api/r0/:id', '/:a/r0', '/:a/:b',
  '/api/*', '/*', '*', '/api/:id(^\\d+$)', '/api/:a-:b', '/api/:id?', '/a::b', '/caf%C3%A9', '/api//r0', '/api/r0/'
]
const paths = [
  '/', '/api', '/api/', '/api/r0', '/api/r1', '/API/r0', '/api/7', '/api/7/x', '/api/r0/7', '/x/r0', '/x/y', '/api/a/b',
  '/api/x-y', '/a:b', '/café', '/caf%C3%A9', '/api//r0', '/api/r0/', '//api/r0', '/Api/R0', '/api/r0//'
]

/** The paths each pattern matches in a find-my-way router of its own, with these options. */
function matches (options: MatchingOptions): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>()
  for (const pattern of patterns) {
    const router = FindMyWay(options)
    router.on('GET', pattern, () => {})
    found.set(pattern, new Set(paths.filter(path => router.find('GET', path) !== null)))
  }
  return found
}

for (const options of [
  defaults,
  { ...defaults, caseSensitive: false },
  { ...defaults, ignoreTrailingSlash: true },
  { ...defaults, ignoreDuplicateSlashes: true },
  { ...defaults, ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, caseSensitive: false }
]) {
  t.test(`two patterns that find-my-way matches some path with are never told apart (${JSON.stringify(options)})`, async t => {
    const found = matches(options)
    const index = new OverlapIndex<string>(options)
    // Another index reading the same patterns through a shared store of shapes answers the same.
    const shapes = new Map()
    new OverlapIndex<string>(options, shapes).add(patterns[0], patterns[0])
    const sharing = new OverlapIndex<string>(options, shapes)
    for (const pattern of patterns) {
      index.add(pattern, pattern)
      sharing.add(pattern, pattern)
    }
    for (const a of patterns) {
      const shared = new Set(index.mayShare(a))
      t.same(sharing.mayShare(a), index.mayShare(a))
      t.ok(shared.has(a), `${a} shares its own paths`)
      for (const b of patterns) {
        const common = [...(found.get(a) as Set<string>)].filter(path => found.get(b)?.has(path))
        if (common.length > 0) t.ok(shared.has(b), `${a} and ${b} both match ${common[0]}`)
      }
    }
  })
}

t.test('plain segments that differ, or different numbers of segments, share no path', async t => {
  const index = new OverlapIndex<string>(defaults)
  for (const pattern of ['/api/r0', '/api/r1', '/api/:id', '/api/r0/:id', '/posts/:id', '/*']) index.add(pattern, pattern)
  t.same(index.mayShare('/api/r0').sort(), ['/*', '/api/:id', '/api/r0'])
  t.same(index.mayShare('/api/:id').sort(), ['/*', '/api/:id', '/api/r0', '/api/r1'])
  t.same(index.mayShare('/posts/:id').sort(), ['/*', '/posts/:id'])
  t.equal(index.mayShare('/api/*').length, 6, 'a wildcard may share a path with any route')
})

t.test('what the reading cannot tell shares a path with every route', async t => {
  for (const pattern of ['/a/*', '/:id(^\\d+$)', '/:id?', '/caf%C3%A9', '/a;b']) t.equal(shapeOf(pattern, defaults), undefined, pattern)
  t.same(shapeOf('/API//r0/', { ...defaults, caseSensitive: false, ignoreDuplicateSlashes: true, ignoreTrailingSlash: true }), ['', 'api', 'r0'])
  t.same(shapeOf('/a/:b-:c', defaults), ['', 'a', null])
})

const simplePaths = [...paths, '/api/r0/7/8', '/posts/1', '/api/R0', '/api/r0;x', '/api/r0#x', 'http://host/api/r0', '/api/%72', '/api//r0/']

for (const options of [
  defaults,
  { ...defaults, caseSensitive: false },
  { ...defaults, ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, useSemicolonDelimiter: true }
]) {
  t.test(`a path the walk reads is matched by exactly the simple patterns find-my-way matches it with (${JSON.stringify(options)})`, async t => {
    const simple = patterns.filter(pattern => isSimplePattern(pattern, options))
    t.same(simple.filter(pattern => pattern.includes(':')), ['/api/:id', '/api/:id/x', '/api/r0/:id', '/:a/r0', '/:a/:b'])
    for (const pattern of simple) {
      const router = FindMyWay(options)
      router.on('GET', pattern, () => {})
      const index = new OverlapIndex<string>(options)
      index.add(pattern, pattern)
      for (const path of simplePaths) {
        const shape = pathShape(path, options)
        if (shape === undefined) continue
        t.equal(index.matching(shape).length === 1, router.find('GET', path) !== null, `${pattern} for ${path}`)
      }
    }
  })
}

t.test('what the walk cannot read is left to a router', async t => {
  const strict = { ...defaults, ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, useSemicolonDelimiter: true }
  for (const path of ['/api/%72', '/api/r0#x', 'http://host/api/r0', '/api/r0;x', '/api//r0', '/api/r0/']) t.equal(pathShape(path, strict), undefined, path)
  t.same(pathShape('/api/r0;x', defaults), ['', 'api', 'r0;x'])
  t.same(pathShape('/API/R0', { ...defaults, caseSensitive: false }), ['', 'api', 'r0'])
})
