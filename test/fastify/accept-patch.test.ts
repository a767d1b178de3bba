import t from 'tap'
import type { FastifyBodyParser, FastifyInstance } from 'fastify'
import { build } from '../helpers/app'
import { tenantStrategy } from '../helpers/fuzz-model'

// RFC 5789 §3.1 (Accept-Patch) and W3C LDP §7.1 (Accept-Post) on automatic OPTIONS.

t.test('Accept-Patch and Accept-Post list what the routes\' contexts parse', async t => {
  const app = await build()
  app.get('/notes/:id', async () => 'note')
  app.patch('/notes/:id', async () => 'patched')
  app.post('/notes', async () => 'created')
  app.get('/notes', async () => 'list')

  const one = await app.inject({ method: 'OPTIONS', url: '/notes/1' })
  t.equal(one.statusCode, 200)
  t.equal(one.headers.allow, 'GET, HEAD, OPTIONS, PATCH')
  t.equal(one.headers['accept-patch'], 'application/json, text/plain')
  t.equal(one.headers['accept-post'], undefined)
  t.equal(one.body, '')

  const list = await app.inject({ method: 'OPTIONS', url: '/notes?page=2' })
  t.equal(list.headers.allow, 'GET, HEAD, OPTIONS, POST')
  t.equal(list.headers['accept-post'], 'application/json, text/plain')
  t.equal(list.headers['accept-patch'], undefined)
})

t.test('a route\'s schema.body.content decides its formats, among those its context parses', async t => {
  const app = await build()
  app.addContentTypeParser(['application/merge-patch+json', 'application/json-patch+json'], { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'))
  const body = { schema: { type: 'object' } }
  app.patch('/docs/:id', {
    schema: { body: { content: { 'application/merge-patch+json': body, 'application/json-patch+json': body } } }
  }, async () => 'patched')

  const res = await app.inject({ method: 'OPTIONS', url: '/docs/1' })
  t.equal(res.headers.allow, 'OPTIONS, PATCH')
  t.equal(res.headers['accept-patch'], 'application/json-patch+json, application/merge-patch+json')
})

t.test('parsers added in a context count for its routes only; a catch-all parser accepts any type', async t => {
  const app = await build()
  await app.register(async forms => {
    forms.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, payload, done) => { done(null, payload) })
    forms.post('/forms', async () => 'posted')
  })
  await app.register(async raw => {
    raw.addContentTypeParser('*', (_request, _payload, done) => { done(null) })
    raw.patch('/raw/:id', async () => 'patched')
  })
  app.post('/plain', async () => 'posted')

  t.equal((await app.inject({ method: 'OPTIONS', url: '/forms' })).headers['accept-post'], 'application/json, application/x-www-form-urlencoded, text/plain')
  t.equal((await app.inject({ method: 'OPTIONS', url: '/plain' })).headers['accept-post'], 'application/json, text/plain')
  t.equal((await app.inject({ method: 'OPTIONS', url: '/raw/1' })).headers['accept-patch'], '*/*')
})

t.test('the route that serves the client decides: static over param, version by Accept-Version', async t => {
  const app = await build()
  app.addContentTypeParser('application/merge-patch+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'))
  const merge = { schema: { body: { content: { 'application/merge-patch+json': { schema: {} } } } } }
  app.patch('/items/:id', async () => 'param')
  app.patch('/items/special', merge, async () => 'static')
  app.patch('/v', { ...merge, constraints: { version: '2.0.0' } }, async () => 'v2')
  app.patch('/v', async () => 'v1')

  const parsed = 'application/json, application/merge-patch+json, text/plain'
  t.equal((await app.inject({ method: 'OPTIONS', url: '/items/1' })).headers['accept-patch'], parsed)
  t.equal((await app.inject({ method: 'OPTIONS', url: '/items/special' })).headers['accept-patch'], 'application/merge-patch+json')
  t.equal((await app.inject({ method: 'OPTIONS', url: '/v' })).headers['accept-patch'], parsed)
  const v2 = await app.inject({ method: 'OPTIONS', url: '/v', headers: { 'accept-version': '2.0.0' } })
  t.equal(v2.headers.allow, 'OPTIONS, PATCH')
  t.equal(v2.headers['accept-patch'], 'application/merge-patch+json')
})

t.test('only automatic OPTIONS answers carry them: not a 405, not the app\'s own OPTIONS route', async t => {
  const app = await build()
  app.patch('/a', async () => 'patched')
  app.patch('/b', async () => 'patched')
  app.options('/b', async (_request, reply) => reply.header('allow', 'OPTIONS, PATCH').send('mine'))

  const notAllowed = await app.inject({ method: 'DELETE', url: '/a' })
  t.equal(notAllowed.statusCode, 405)
  t.equal(notAllowed.headers['accept-patch'], undefined)
  const own = await app.inject({ method: 'OPTIONS', url: '/b' })
  t.equal(own.body, 'mine')
  t.equal(own.headers['accept-patch'], undefined)
})

t.test('a PATCH route with a custom constraint does not decide the formats', async t => {
  const app = await build()
  app.addConstraintStrategy(tenantStrategy)
  app.patch('/t', async () => 'patched')
  app.patch('/t', { constraints: { tenant: 'a' }, schema: { body: { content: { 'application/merge-patch+json': { schema: {} } } } } }, async () => 'tenant')
  t.equal((await app.inject({ method: 'OPTIONS', url: '/t' })).headers['accept-patch'], 'application/json, text/plain')
})

const mergePatch = 'application/merge-patch+json'
const jsonParser = (app: FastifyInstance): FastifyBodyParser<string> => app.getDefaultJsonParser('error', 'error')

t.test('a schema.body.content type no parser of the route\'s context reads is not advertised: Fastify answers it 415', async t => {
  const app = await build()
  app.get('/settings', async () => 'settings')
  app.patch('/settings', { schema: { body: { content: { [mergePatch]: { schema: { type: 'object' } } } } } }, async request => request.body)

  const options = await app.inject({ method: 'OPTIONS', url: '/settings' })
  t.equal(options.statusCode, 200)
  t.equal(options.headers.allow, 'GET, HEAD, OPTIONS, PATCH')
  t.equal(options.headers['accept-patch'], undefined)
  const patch = await app.inject({ method: 'PATCH', url: '/settings', headers: { 'content-type': mergePatch }, payload: '{"theme":"dark"}' })
  t.equal(patch.statusCode, 415)
})

t.test('with a parser for it, the schema.body.content type is advertised and reaches the handler', async t => {
  const app = await build()
  app.addContentTypeParser(mergePatch, { parseAs: 'string' }, jsonParser(app))
  app.patch('/settings', { schema: { body: { content: { [mergePatch]: { schema: { type: 'object' } } } } } }, async request => request.body)

  t.equal((await app.inject({ method: 'OPTIONS', url: '/settings' })).headers['accept-patch'], mergePatch)
  const patch = await app.inject({ method: 'PATCH', url: '/settings', headers: { 'content-type': mergePatch }, payload: '{"theme":"dark"}' })
  t.equal(patch.statusCode, 200)
  t.equal(patch.body, '{"theme":"dark"}')
})

t.test('a body schema that admits no string does not advertise text/plain: Fastify\'s text parser makes a string, the schema answers 400', async t => {
  const app = await build()
  app.post('/notes', { schema: { body: { type: 'object' } } }, async () => 'created')

  const options = await app.inject({ method: 'OPTIONS', url: '/notes' })
  t.equal(options.headers.allow, 'OPTIONS, POST')
  t.equal(options.headers['accept-post'], 'application/json')
  const text = await app.inject({ method: 'POST', url: '/notes', headers: { 'content-type': 'text/plain' }, payload: 'hello' })
  t.equal(text.statusCode, 400)
  const json = await app.inject({ method: 'POST', url: '/notes', headers: { 'content-type': 'application/json' }, payload: '{}' })
  t.equal(json.statusCode, 200)
  t.equal(json.body, 'created')
})

t.test('text/plain is advertised when the schema admits a string', async t => {
  const app = await build()
  app.addSchema({ $id: 'note', type: 'object', properties: { text: { type: 'string' } } })
  app.addSchema({ $id: 'line', type: 'string' })
  app.addSchema({ $id: 'loop', anyOf: [{ type: 'object' }, { $ref: 'loop#' }] })
  const schemas: Record<string, unknown> = {
    '/untyped': {},
    '/string': { type: 'string', minLength: 1 },
    '/types': { type: ['object', 'string'] },
    '/any-of': { anyOf: [{ type: 'object' }, { type: 'string' }] },
    '/ref-line': { $ref: 'line#' },
    '/ref-pointer': { $ref: 'note#/properties/text' },
    '/enum': { enum: [1, 'one'] },
    '/const': { const: 'one' },
    '/all-of': { allOf: [{ type: 'string' }, { minLength: 1 }] },
    '/object': { type: 'object' },
    '/ref-note': { $ref: 'note' },
    '/one-of': { oneOf: [{ type: 'object' }, { type: 'array' }] },
    '/all-of-object': { allOf: [{ minProperties: 1 }, { type: 'object' }] },
    '/enum-numbers': { enum: [1, 2] },
    '/const-number': { const: 1 },
    '/nested-refs': { anyOf: [{ $ref: 'note#' }, { allOf: [{ $ref: 'note#' }] }] },
    '/ref-loop': { $ref: 'loop#' }
  }
  for (const [url, body] of Object.entries(schemas)) app.patch(url, { schema: { body } }, async () => 'patched')

  const admitting = ['/untyped', '/string', '/types', '/any-of', '/ref-line', '/ref-pointer', '/enum', '/const', '/all-of']
  for (const url of Object.keys(schemas)) {
    const expected = admitting.includes(url) ? 'application/json, text/plain' : 'application/json'
    t.equal((await app.inject({ method: 'OPTIONS', url })).headers['accept-patch'], expected, url)
  }
  const string = await app.inject({ method: 'PATCH', url: '/string', headers: { 'content-type': 'text/plain' }, payload: 'x' })
  t.equal(string.statusCode, 200)
  t.equal(string.body, 'patched')
})

t.test('a body schema of false admits no body: nothing is advertised', async t => {
  const app = await build()
  app.patch('/never', { schema: { body: false } }, async () => 'patched')
  const options = await app.inject({ method: 'OPTIONS', url: '/never' })
  t.equal(options.headers.allow, 'OPTIONS, PATCH')
  t.equal(options.headers['accept-patch'], undefined)
})

t.test('the text parser registered for another type makes a string too', async t => {
  const app = await build()
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, app.defaultTextParser)
  app.addContentTypeParser('application/x-ndjson', { parseAs: 'string' }, (_request, body, done) => { done(null, { lines: String(body).split('\n') }) })
  app.patch('/rows', { schema: { body: { type: 'object' } } }, async () => 'patched')
  app.patch('/text', async () => 'patched')

  t.equal((await app.inject({ method: 'OPTIONS', url: '/rows' })).headers['accept-patch'], 'application/json, application/x-ndjson')
  t.equal((await app.inject({ method: 'OPTIONS', url: '/text' })).headers['accept-patch'], 'application/json, application/x-ndjson, text/csv, text/plain')
  const csv = await app.inject({ method: 'PATCH', url: '/rows', headers: { 'content-type': 'text/csv' }, payload: 'a,b' })
  t.equal(csv.statusCode, 400)
  const ndjson = await app.inject({ method: 'PATCH', url: '/rows', headers: { 'content-type': 'application/x-ndjson' }, payload: '{}' })
  t.equal(ndjson.statusCode, 200)
})

t.test('RegExp parsers name no media type: they are not listed, but read schema.body.content types they match', async t => {
  const app = await build()
  app.addContentTypeParser(/^application\/[\w.+-]+\+json$/g, { parseAs: 'string' }, jsonParser(app))
  app.post('/any', async () => 'posted')
  app.post('/declared', { schema: { body: { content: { [mergePatch]: { schema: { type: 'object' } }, 'application/xml': { schema: {} } } } } }, async () => 'posted')

  t.equal((await app.inject({ method: 'OPTIONS', url: '/any' })).headers['accept-post'], 'application/json, text/plain')
  t.equal((await app.inject({ method: 'OPTIONS', url: '/declared' })).headers['accept-post'], mergePatch)
  for (let i = 0; i < 2; i++) {
    // A g-flagged RegExp keeps lastIndex between tests: each check starts from the beginning.
    t.equal((await app.inject({ method: 'OPTIONS', url: `/declared?${i}` })).headers['accept-post'], mergePatch)
  }
  const merge = await app.inject({ method: 'POST', url: '/declared', headers: { 'content-type': mergePatch }, payload: '{}' })
  t.equal(merge.statusCode, 200)
  t.equal((await app.inject({ method: 'POST', url: '/declared', headers: { 'content-type': 'application/xml' }, payload: '<a/>' })).statusCode, 415)
})

t.test('schema.body.content keys that are not a type/subtype pair are not listed', async t => {
  const app = await build()
  const any = { schema: {} }
  app.post('/odd', { schema: { body: { content: { 'application/json; charset=utf-8': any, json: any, 'Text/Plain': any } } } }, async () => 'posted')
  t.equal((await app.inject({ method: 'OPTIONS', url: '/odd' })).headers['accept-post'], 'Text/Plain')
  const text = await app.inject({ method: 'POST', url: '/odd', headers: { 'content-type': 'Text/Plain' }, payload: 'x' })
  t.equal(text.statusCode, 200)
})

t.test('a catch-all parser is advertised as */* only when the schema admits what every parser makes', async t => {
  const app = await build()
  await app.register(async raw => {
    raw.addContentTypeParser('*', { parseAs: 'string' }, jsonParser(raw))
    raw.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => { done(null, Object.fromEntries(new URLSearchParams(String(body)))) })
    raw.post('/objects', { schema: { body: { type: 'object' } } }, async () => 'posted')
    raw.post('/strings', { schema: { body: { type: 'string' } } }, async () => 'posted')
    raw.post('/merge', { schema: { body: { content: { [mergePatch]: { schema: { type: 'object' } } } } } }, async () => 'posted')
  })
  await app.register(async none => {
    none.removeAllContentTypeParsers()
    none.post('/none', async () => 'posted')
    none.addContentTypeParser(/^text\//, { parseAs: 'string' }, none.defaultTextParser)
    none.addContentTypeParser('*', { parseAs: 'string' }, jsonParser(none))
    none.post('/texts', { schema: { body: { type: 'object' } } }, async () => 'posted')
  })
  await app.register(async empty => {
    empty.removeAllContentTypeParsers()
    empty.post('/empty', async () => 'posted')
  })

  t.equal((await app.inject({ method: 'OPTIONS', url: '/objects' })).headers['accept-post'], 'application/json, application/x-www-form-urlencoded')
  t.equal((await app.inject({ method: 'OPTIONS', url: '/strings' })).headers['accept-post'], '*/*')
  t.equal((await app.inject({ method: 'OPTIONS', url: '/merge' })).headers['accept-post'], mergePatch)
  t.equal((await app.inject({ method: 'OPTIONS', url: '/none' })).headers['accept-post'], '*/*')
  t.equal((await app.inject({ method: 'OPTIONS', url: '/texts' })).headers['accept-post'], undefined)
  t.equal((await app.inject({ method: 'OPTIONS', url: '/empty' })).headers['accept-post'], undefined)
  const star = await app.inject({ method: 'POST', url: '/strings', headers: { 'content-type': '*/*' }, payload: '"x"' })
  t.equal(star.statusCode, 200)
  t.equal((await app.inject({ method: 'POST', url: '/objects', headers: { 'content-type': 'text/plain' }, payload: 'x' })).statusCode, 400)
  t.equal((await app.inject({ method: 'POST', url: '/empty', headers: { 'content-type': 'application/json' }, payload: '{}' })).statusCode, 415)
})

t.test('a schema the app compiles itself is not judged', async t => {
  const app = await build()
  class Shape { type = 'object' }
  app.patch('/custom', { schema: { body: new Shape() }, validatorCompiler: () => () => true }, async () => 'patched')
  t.equal((await app.inject({ method: 'OPTIONS', url: '/custom' })).headers['accept-patch'], 'application/json, text/plain')
  t.equal((await app.inject({ method: 'PATCH', url: '/custom', headers: { 'content-type': 'text/plain' }, payload: 'x' })).statusCode, 200)
})
