import t from 'tap'
import { checkSurface } from '../../lib/surface/check'
import { basePathOf, operationsOf } from '../../lib/surface/openapi'
import { formatFindings } from '../../lib/surface/report'
import { readPattern } from '../../lib/model/pattern'
import type { MethodSurface } from '../../types/index'

t.test('route patterns read as find-my-way reads them', async t => {
  t.strictSame(readPattern('/a::b/:id(^\\d+$)-:to.png/*'), [
    { kind: 'static', text: '/a:b/' },
    { kind: 'param', name: 'id', regex: '(^\\d+$)' },
    { kind: 'static', text: '-' },
    { kind: 'param', name: 'to' },
    { kind: 'static', text: '.png/' },
    { kind: 'wildcard' }
  ])
  t.strictSame(readPattern('/:n((a|b)\\))x'), [{ kind: 'static', text: '/' }, { kind: 'param', name: 'n', regex: '((a|b)\\))' }, { kind: 'static', text: 'x' }])
  // Unbalanced: the expression runs to the end.
  t.strictSame(readPattern('/:n(a'), [{ kind: 'static', text: '/' }, { kind: 'param', name: 'n', regex: '(a' }])
})

t.test('the base path is the path of the first server URL, its variables at their defaults', async t => {
  t.equal(basePathOf({ servers: [{ url: 'http://petstore.swagger.io/v1/' }] }), '/v1')
  t.equal(basePathOf({ servers: [{ url: 'https://{region}.example/{v}', variables: { region: { default: 'eu' }, v: { default: 'v2' } } }] }), '/v2')
  t.equal(basePathOf({ servers: [{ url: 'https://api.example/{v}', variables: {} }] }), '')
  t.equal(basePathOf({ servers: [{ url: '/api/v3?x#y' }] }), '/api/v3')
  t.equal(basePathOf({ servers: [{}] }), '')
  t.equal(basePathOf({}), '')
  t.equal(basePathOf(null), '')
})

t.test('operations are the Path Item keys OpenAPI names; anything else is ignored', async t => {
  t.strictSame(operationsOf({ paths: { '/a': { get: {}, post: { deprecated: true }, parameters: [], summary: 'x', put: null, query: {} }, '/b': null } }), [
    { path: '/a', method: 'GET', deprecated: false },
    { path: '/a', method: 'POST', deprecated: true },
    { path: '/a', method: 'QUERY', deprecated: false }
  ])
  t.strictSame(operationsOf({}), [])
  t.strictSame(operationsOf({ paths: 'nope' }), [])
  t.strictSame(operationsOf(null), [])
})

const surface: MethodSurface = {
  '/files/*': { allow: ['GET', 'HEAD', 'OPTIONS'] },
  '/n/:id(^\\d+$)': { allow: ['GET', 'HEAD', 'OPTIONS'] },
  '/posts/:id': { allow: ['GET', 'HEAD', 'OPTIONS'] },
  '/posts/new': { allow: ['GET', 'HEAD', 'OPTIONS', 'POST'] },
  '/v1': { allow: ['GET', 'HEAD', 'OPTIONS'] },
  '/v1/': { allow: ['GET', 'HEAD', 'OPTIONS'] },
  '/v1/x/': { allow: ['GET', 'OPTIONS'] },
  '/v1/x': { allow: ['GET', 'HEAD', 'OPTIONS'] },
  '/v1/y/': { allow: ['DELETE', 'OPTIONS'] }
}

t.test('templates match patterns whatever their parameters are called, wildcards and regular expressions included', async t => {
  const document = {
    paths: {
      '/files/{path}': { get: {} },
      '/n/{n}': { get: {} },
      '/posts/{postId}': { get: {}, head: {} },
      '/posts/new': { get: {}, post: {} },
      '/posts/latest': { get: {}, options: {} },
      '/v1': { get: {} },
      '/v1/x': { get: {} },
      '/v1/x/': { get: {} },
      '/v1/y/': { delete: {} }
    }
  }
  // /posts/latest is served by /posts/:id; a `/` beside its slash-less twin saying the same is Fastify's copy.
  t.strictSame(checkSurface(surface, document), [])
})

t.test('the base path narrows the surface to the document\'s part', async t => {
  const document = { servers: [{ url: 'https://api.example/v1' }], paths: { '/': { get: {} }, '/x': { get: {}, put: {} }, '/z': { get: {} } } }
  const findings = checkSurface(surface, document)
  t.strictSame(findings, [
    { kind: 'missing', method: 'PUT', path: '/x', route: '/v1/x', status: 405 },
    // A `/` that says something its slash-less twin does not is a route of its own.
    { kind: 'undocumented', method: 'GET', route: '/v1/x/' },
    { kind: 'undocumented', method: 'DELETE', route: '/v1/y/' },
    { kind: 'missing', method: 'GET', path: '/z', status: 404 }
  ])
  t.equal(formatFindings(findings), [
    'PUT /x: documented, answered 405 at /v1/x',
    'GET /v1/x/: served, not documented',
    'DELETE /v1/y/: served, not documented',
    'GET /z: documented, answered 404 (no route)',
    '4 findings',
    ''
  ].join('\n'))
})

t.test('the report names retired methods and both deprecation mismatches', async t => {
  t.equal(formatFindings([]), 'The server answers every operation of the document, and only those.\n')
  t.equal(formatFindings([
    { kind: 'missing', method: 'PUT', path: '/a', route: '/a', status: 405, retired: true },
    { kind: 'deprecation', method: 'GET', path: '/a', route: '/a', document: true, server: false },
    { kind: 'deprecation', method: 'POST', path: '/a', route: '/a', document: false, server: true }
  ]), [
    'PUT /a: documented, answered 405 at /a (retired)',
    'GET /a: deprecated in the document, not on the server',
    'POST /a: deprecated on the server, not in the document',
    '3 findings',
    ''
  ].join('\n'))
  t.equal(formatFindings([{ kind: 'undocumented', method: 'PUT', route: '/a' }]), 'PUT /a: served, not documented\n1 finding\n')
})

t.test('a documented static path served by a parametric route speaks for that route, and not for its other URLs', async t => {
  t.strictSame(checkSurface({ '/posts/:id': { allow: ['GET', 'HEAD', 'OPTIONS'] } }, { paths: { '/posts/me': { get: { deprecated: true } } } }), [
    { kind: 'deprecation', method: 'GET', path: '/posts/me', route: '/posts/:id', document: true, server: false },
    { kind: 'undocumented', method: 'GET', route: '/posts/:id' }
  ])
})
