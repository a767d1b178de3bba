import t from 'tap'
import fc from 'fast-check'
import Fastify from 'fastify'
import { readRoutes, routeLookup, type MatchingOptions, type Params } from '../../lib/router/fastify-edge'
import { firstSegment, isPlainSegment, isRootCatchAllPattern, rootCapture, servesAsteriskTarget } from '../../lib/router/paths'

// lib/router/paths.ts imitates how find-my-way reads a path. Each test asks
// the real router (through fastify.findRoute, as the plugin does) on generated
// paths under every matching option, so an upgrade that changes the reading fails here.

const runs = Number(process.env.PATHS_RUNS ?? 300)

const matching = fc.record<MatchingOptions>({
  caseSensitive: fc.boolean(),
  ignoreTrailingSlash: fc.boolean(),
  ignoreDuplicateSlashes: fc.boolean(),
  useSemicolonDelimiter: fc.boolean(),
  maxParamLength: fc.constant(100)
})

// The characters where the router's reading has rules: separators, the query
// and fragment, the semicolon, percent-escapes (valid, of a slash, broken),
// letters in both cases.
const piece = fc.constantFrom('/', '//', 'a', 'A', 'b', 'ab', '?', '?x=/', '#f', ';', ';p', '%41', '%2F', '%25', '%', '%zz', '.', ':', '*', '-')
const path = fc.array(piece, { maxLength: 7 }).map(pieces => '/' + pieces.join(''))

function appWith (options: MatchingOptions): ReturnType<typeof Fastify> {
  return Fastify({ routerOptions: { ...options } })
}

// The lookup the plugin asks: null also where the router refuses the path (a broken escape).
function params (app: ReturnType<typeof Fastify>, url: string, method = 'GET'): Params | null {
  return routeLookup(app)(method, url)
}

t.test('a root catch-all captures the normalised, decoded path: without its leading slash for `/*`, with it for `*`', async t => {
  fc.assert(fc.property(matching, path, (options, url) => {
    // The plugin asks about the path without its query (lib/request/matcher.ts pathOf).
    const asked = url.split('?')[0]
    for (const [pattern, lead] of [['/*', ''], ['*', '/']] as const) {
      const app = appWith(options)
      app.get(pattern, () => '')
      const found = params(app, asked)
      if (found === null) continue
      if (found['*'] !== lead + rootCapture(asked, options)) return false
    }
    return true
  }), { numRuns: runs, seed: 4201 })
  t.pass('captures agree')
})

t.test('rootCapture reads an absolute-form target, a broken escape and a fragment as find-my-way does', async t => {
  const plain = { caseSensitive: true, ignoreTrailingSlash: false, ignoreDuplicateSlashes: false, useSemicolonDelimiter: false, maxParamLength: 100 }
  t.equal(rootCapture('/a/b', plain), 'a/b')
  t.equal(rootCapture('/a%20b', plain), 'a b')
  t.equal(rootCapture('/a%zz', plain), 'a%zz')
  t.equal(rootCapture('/a;b', plain), 'a;b')
  t.equal(rootCapture('/', { ...plain, ignoreTrailingSlash: true }), '')
  t.equal(rootCapture('http://example.com/a/b', plain), 'a/b')
  t.equal(rootCapture('http://example.com', plain), '')
  t.equal(rootCapture('nonsense', plain), '')
  t.equal(rootCapture('/a#b/c', plain), 'a')
  t.equal(rootCapture('/a;b#c', { ...plain, useSemicolonDelimiter: true }), 'a')
  const app = Fastify()
  app.get('/*', () => '')
  for (const url of ['http://example.com/a/b', '/a#b/c']) {
    const found = app.findRoute({ method: 'GET', url })
    t.equal(found?.params['*' as keyof typeof found.params], rootCapture(url, plain), url)
  }
})

t.test('a route whose first segment is plain text matches only paths with that first segment', async t => {
  const segments = ['a', 'A', 'ab', 'b', 'a-b', 'a.b']
  for (const segment of segments) t.ok(isPlainSegment(segment), segment)
  fc.assert(fc.property(matching, path, (options, url) => {
    const first = firstSegment(url, options)
    for (const segment of segments) {
      for (const pattern of [`/${segment}`, `/${segment}/*`, `/${segment}/:p`]) {
        const app = appWith(options)
        app.get(pattern, () => '')
        // Undefined: only the router can tell, so every route is asked.
        if (first === undefined || first.includes('%')) continue
        const key = options.caseSensitive ? segment : segment.toLowerCase()
        if (params(app, url) !== null && key !== first) return false
      }
    }
    return true
  }), { numRuns: Math.ceil(runs / 3), seed: 4202 })
  t.pass('segments agree')
})

t.test('first segments the router cannot compare as text are not plain', async t => {
  for (const segment of [':id', 'a*', 'a%20b', ':id(^\\d+$)']) t.notOk(isPlainSegment(segment), segment)
  t.equal(firstSegment('//a', { caseSensitive: true, ignoreTrailingSlash: false, ignoreDuplicateSlashes: true, useSemicolonDelimiter: false, maxParamLength: 100 }), undefined)
  t.equal(firstSegment('*', { caseSensitive: true, ignoreTrailingSlash: false, ignoreDuplicateSlashes: false, useSemicolonDelimiter: false, maxParamLength: 100 }), undefined)
})

t.test('the root catch-all patterns are exactly those that match every path', async t => {
  const every = ['/', '/a', '/a/b', '/%41', '/a/']
  for (const pattern of ['/*', '*', '/a/*', '/:p', '/:p/*', '/']) {
    const app = Fastify()
    app.get(pattern, () => '')
    await app.ready()
    const matchesEvery = every.every(url => params(app, url) !== null)
    t.equal(isRootCatchAllPattern(pattern), matchesEvery, pattern)
  }
})

t.test('the router sends the asterisk-form target `*` where it sends `/`, to exactly the patterns servesAsteriskTarget names', async t => {
  const patterns = ['/', '*', '/*', '/:p?', '/:p', '/a', '/a/*', '/:p(^\\d+$)', '/:p(^\\d*$)', '/:p(^$)', '/:p/*', '/:a-:b', '/:a.:b?', '/:p/:q?', '/a/', '/:p/', '//', '//:p']
  const options = fc.sample(matching, { numRuns: 12, seed: 4203 })
  for (const pattern of patterns) {
    for (const option of options) {
      const app = appWith(option)
      app.options(pattern, () => '')
      const served = params(app, '*', 'OPTIONS') !== null
      t.equal(served, params(app, '/', 'OPTIONS') !== null, `'${pattern}' as /`)
      // The plugin asks with the pattern as Fastify's router stored it.
      const [stored] = readRoutes(app, ['OPTIONS'])
      t.equal(servesAsteriskTarget(stored.pattern, option), served, `'${pattern}' ${JSON.stringify(option)}`)
    }
  }
})
