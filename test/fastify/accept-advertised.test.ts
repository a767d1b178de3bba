import t from 'tap'
import fc from 'fast-check'
import Fastify, { type FastifyInstance } from 'fastify'
import methodNotAllowed from '../../lib/plugin'

// Property "advertised = accepted": on generated apps (PATCH and POST routes,
// string, RegExp and catch-all parsers added or replaced in nested scopes,
// prefixes, body schemas), every media type an automatic OPTIONS answer lists
// in Accept-Patch (RFC 5789 §3.1) or Accept-Post (W3C LDP §7.1.2), sent with
// a body valid for that type, reaches the route's handler; and the header
// follows the media-type grammar of RFC 9110 §8.3.1. Fastify itself is the
// oracle: the test does not model which parser reads a type.
// ACCEPT_SEED and ACCEPT_RUNS replay or widen it.
const seed = Number(process.env.ACCEPT_SEED ?? 5789)
const numRuns = Number(process.env.ACCEPT_RUNS ?? 120)

// ---- RFC 9110 grammar, written from its ABNF --------------------------------
//   #element (§5.6.1, sender form) = element *( OWS "," OWS element )
//   media-type  = type "/" subtype parameters        (§8.3.1)
//   parameters  = *( OWS ";" OWS [ parameter ] )     (§5.6.6)
//   parameter   = parameter-name "=" parameter-value
//   parameter-value = ( token / quoted-string )
//   token = 1*tchar (§5.6.2); quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE (§5.6.4)
//   qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text; quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
// The brief form of Accept-Patch (RFC 5789 §3.1, erratum 3169) is 1#media-type.
const tchar = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

class Scanner {
  at = 0
  constructor (readonly text: string) {}
  peek (): string | undefined { return this.text[this.at] }
  done (): boolean { return this.at === this.text.length }
  ows (): void { while (this.peek() === ' ' || this.peek() === '\t') this.at++ }
  literal (char: string): boolean {
    if (this.peek() !== char) return false
    this.at++
    return true
  }

  token (): boolean {
    const start = this.at
    while (!this.done() && tchar.includes(this.peek() as string)) this.at++
    return this.at > start
  }

  quotedString (): boolean {
    if (!this.literal('"')) return false
    for (;;) {
      const char = this.peek()
      if (char === undefined) return false
      const code = char.charCodeAt(0)
      this.at++
      if (char === '"') return true
      if (char === '\\') {
        const next = this.peek()
        if (next === undefined) return false
        const pair = next.charCodeAt(0)
        if (!(pair === 0x09 || (pair >= 0x20 && pair <= 0x7e) || (pair >= 0x80 && pair <= 0xff))) return false
        this.at++
        continue
      }
      if (!(code === 0x09 || code === 0x20 || code === 0x21 || (code >= 0x23 && code <= 0x5b) || (code >= 0x5d && code <= 0x7e) || (code >= 0x80 && code <= 0xff))) return false
    }
  }

  /** media-type; false when the text at this point is not one. */
  mediaType (): boolean {
    if (!this.token() || !this.literal('/') || !this.token()) return false
    for (;;) {
      const before = this.at
      this.ows()
      if (!this.literal(';')) {
        this.at = before
        return true
      }
      this.ows()
      // [ parameter ]: a parameter starts with a token.
      const start = this.at
      if (this.token()) {
        if (!this.literal('=')) return false
        if (!this.token() && !this.quotedString()) return false
      } else {
        this.at = start
      }
    }
  }
}

/** The media types of a `1#media-type` field value as a sender must write it, or a reason it is not one. */
function mediaTypeList (value: string): string[] | string {
  const scanner = new Scanner(value)
  const types: string[] = []
  for (;;) {
    const start = scanner.at
    if (!scanner.mediaType()) return `not a media-type at offset ${start}: ${JSON.stringify(value)}`
    types.push(value.slice(start, scanner.at))
    if (scanner.done()) return types
    scanner.ows()
    if (!scanner.literal(',')) return `expected "," at offset ${scanner.at}: ${JSON.stringify(value)}`
    scanner.ows()
  }
}

t.test('the media-type list grammar accepts what RFC 9110 allows and nothing else', async t => {
  t.same(mediaTypeList('application/json'), ['application/json'])
  t.same(mediaTypeList('application/json, text/plain'), ['application/json', 'text/plain'])
  t.same(mediaTypeList('a/b;c=d,e/f'), ['a/b;c=d', 'e/f'])
  t.same(mediaTypeList('application/vnd.x; version="1", */*'), ['application/vnd.x; version="1"', '*/*'])
  t.same(mediaTypeList('text/plain ; charset="a\\"b;c" ;'), ['text/plain ; charset="a\\"b;c" ;'])
  for (const bad of ['', 'json', 'application/', '/json', 'a/b,', ', a/b', 'a/b,,c/d', 'a b/c', 'a/b c', 'a/b; c', 'a/b; c=', 'a/b; c="d', 'a/b; c=d e', 'a/b;c="\u0001"', 'a/b\n', '(a)/b']) {
    t.type(mediaTypeList(bad), 'string', JSON.stringify(bad))
  }
})

// ---- generated apps ---------------------------------------------------------

type SchemaName = 'object' | 'string' | 'objectOrString' | 'shared' | 'untyped'
const schemas: Record<SchemaName, unknown> = {
  object: { type: 'object', properties: { name: { type: 'string' } } },
  string: { type: 'string', minLength: 1 },
  objectOrString: { anyOf: [{ type: 'object' }, { type: 'string' }] },
  shared: { $ref: 'shared#' },
  untyped: {}
}
const admitsObject = (name: SchemaName | undefined): boolean => name !== 'string'

type Body = { kind: 'none' } | { kind: 'schema', schema: SchemaName } | { kind: 'content', content: Array<[string, SchemaName]> }

interface RouteSpec { methods: Array<'PATCH' | 'POST'>, param: boolean, body: Body, withGet: boolean }

// 'json': Fastify's JSON parser under another name, so its body is whatever JSON says;
// 'text': Fastify's text parser (fastify.defaultTextParser), so its body is a string.
type ParserKind = 'json' | 'text'
interface ParserSpec { type: string, kind: ParserKind }

interface ScopeSpec {
  prefix: string
  removeAll: boolean
  parsers: ParserSpec[]
  regExp: ParserKind | undefined
  catchAll: ParserKind | undefined
  routes: RouteSpec[]
  children: ScopeSpec[]
}

const parsedTypes = ['application/json', 'text/plain', 'application/merge-patch+json', 'text/csv', 'application/vnd.api+json; version=1', 'Application/X-Thing']
const contentTypes = ['application/json', 'text/plain', 'application/merge-patch+json', 'text/csv', 'application/vnd.api+json', 'application/xml', 'application/x-thing']

const schemaName = fc.constantFrom<SchemaName>('object', 'string', 'objectOrString', 'shared', 'untyped')
const body: fc.Arbitrary<Body> = fc.oneof(
  fc.constant<Body>({ kind: 'none' }),
  schemaName.map<Body>(schema => ({ kind: 'schema', schema })),
  fc.uniqueArray(fc.tuple(fc.constantFrom(...contentTypes), schemaName), { minLength: 1, maxLength: 4, selector: ([type]) => type })
    .map<Body>(content => ({ kind: 'content', content }))
)
const route: fc.Arbitrary<RouteSpec> = fc.record({
  methods: fc.constantFrom<Array<'PATCH' | 'POST'>>(['PATCH'], ['POST'], ['PATCH', 'POST']),
  param: fc.boolean(),
  body,
  withGet: fc.boolean()
})
const parserKind = fc.constantFrom<ParserKind>('json', 'text')
const scopeFields = {
  prefix: fc.constantFrom('', '/a', '/b/', '/c'),
  removeAll: fc.constantFrom(false, false, false, false, true),
  parsers: fc.uniqueArray(fc.record({ type: fc.constantFrom(...parsedTypes), kind: parserKind }), { maxLength: 3, selector: parser => parser.type.toLowerCase() }),
  regExp: fc.option(parserKind, { freq: 3, nil: undefined }),
  catchAll: fc.option(parserKind, { freq: 2, nil: undefined }),
  routes: fc.array(route, { minLength: 1, maxLength: 3 })
}
const leaf: fc.Arbitrary<ScopeSpec> = fc.record({ ...scopeFields, children: fc.constant([]) })
const middle: fc.Arbitrary<ScopeSpec> = fc.record({ ...scopeFields, children: fc.array(leaf, { maxLength: 2 }) })
const appSpec: fc.Arbitrary<ScopeSpec> = fc.record({ ...scopeFields, prefix: fc.constant(''), children: fc.array(middle, { maxLength: 3 }) })

interface Built { app: FastifyInstance, routes: Array<{ method: string, url: string, body: Body }> }

async function buildApp (spec: ScopeSpec): Promise<Built> {
  const app = Fastify()
  await app.register(methodNotAllowed)
  app.addSchema({ $id: 'shared', type: 'object', properties: { name: { type: 'string' } } })
  const routes: Built['routes'] = []
  const bodies = new Map<string, Body>()
  app.addHook('onRoute', route => {
    const body = bodies.get(String((route.config as { id?: string } | undefined)?.id))
    const methods = ([] as string[]).concat(route.method)
    if (body !== undefined && route.url !== undefined) for (const method of methods) routes.push({ method, url: route.url, body })
  })
  let counter = 0

  function populate (scope: FastifyInstance, spec: ScopeSpec): void {
    if (spec.removeAll) scope.removeAllContentTypeParsers()
    const json = scope.getDefaultJsonParser('error', 'error')
    const parserOf = (kind: ParserKind): typeof json => kind === 'json' ? json : scope.defaultTextParser
    for (const parser of spec.parsers) {
      // A type a parent scope added already cannot be added again (FST_ERR_CTP_ALREADY_PRESENT): the parent's stays.
      if (!scope.hasContentTypeParser(parser.type) || parser.type === 'application/json' || parser.type === 'text/plain') {
        try {
          scope.addContentTypeParser(parser.type, { parseAs: 'string' }, parserOf(parser.kind))
        } catch {}
      }
    }
    if (spec.regExp !== undefined && !scope.hasContentTypeParser(/^application\/[\w.-]+\+json$/)) {
      scope.addContentTypeParser(/^application\/[\w.-]+\+json$/, { parseAs: 'string' }, parserOf(spec.regExp))
    }
    if (spec.catchAll !== undefined && !scope.hasContentTypeParser('*')) scope.addContentTypeParser('*', { parseAs: 'string' }, parserOf(spec.catchAll))
    for (const route of spec.routes) {
      const id = String(counter++)
      const url = route.param ? `/r${id}/:id` : `/r${id}`
      bodies.set(id, route.body)
      const schema = route.body.kind === 'none'
        ? undefined
        : route.body.kind === 'schema'
          ? { body: schemas[route.body.schema] }
          : { body: { content: Object.fromEntries(route.body.content.map(([type, name]) => [type, { schema: schemas[name] }])) } }
      scope.route({
        method: route.methods,
        url,
        config: { id },
        ...(schema === undefined ? {} : { schema }),
        handler: async (_request, reply) => { reply.header('x-reached', 'handler'); return 'reached' }
      })
      if (route.withGet) scope.get(url, async () => 'got')
    }
    for (const child of spec.children) {
      scope.register(async inner => { populate(inner, child) }, child.prefix === '' ? {} : { prefix: child.prefix })
    }
  }

  populate(app, spec)
  await app.ready()
  return { app, routes }
}

/** The schema Fastify validates a body of `mediaType` with, as the spec declares it. */
function schemaFor (body: Body, mediaType: string): { declared: boolean, schema: SchemaName | undefined } {
  if (body.kind === 'none') return { declared: true, schema: undefined }
  if (body.kind === 'schema') return { declared: true, schema: body.schema }
  const entry = body.content.find(([type]) => type === mediaType)
  return { declared: entry !== undefined, schema: entry?.[1] }
}

t.test('every media type Accept-Patch and Accept-Post list reaches the handler, on generated apps', async t => {
  const seen = { answers: 0, listed: 0, anyType: 0, content: 0, parameters: 0, silent: 0 }
  try {
    await fc.assert(fc.asyncProperty(appSpec, async spec => {
      const { app, routes } = await buildApp(spec)
      try {
        for (const route of routes) {
          const url = route.url.replace(':id', '1')
          const options = await app.inject({ method: 'OPTIONS', url })
          if (options.statusCode !== 200) throw new Error(`OPTIONS ${url}: ${options.statusCode}`)
          seen.answers++
          const allow = String(options.headers.allow).split(', ')
          if (!allow.includes(route.method)) throw new Error(`OPTIONS ${url}: Allow ${String(options.headers.allow)} without ${route.method}`)
          const field = route.method === 'PATCH' ? 'accept-patch' : 'accept-post'
          const value = options.headers[field]
          if (value === undefined) {
            seen.silent++
            continue
          }
          const types = mediaTypeList(String(value))
          if (typeof types === 'string') throw new Error(`${field} on OPTIONS ${url}: ${types}`)
          for (const mediaType of types) {
            seen.listed++
            if (mediaType === '*/*') seen.anyType++
            if (mediaType.includes(';')) seen.parameters++
            if (route.body.kind === 'content') seen.content++
            const { declared, schema } = schemaFor(route.body, mediaType)
            if (!declared) throw new Error(`${field} on OPTIONS ${url} lists ${mediaType}, not a key of its schema.body.content`)
            const payload = admitsObject(schema) ? '{"name":"x"}' : '"x"'
            const sent = await app.inject({ method: route.method, url, headers: { 'content-type': mediaType }, payload })
            if (sent.statusCode !== 200 || sent.headers['x-reached'] !== 'handler') {
              throw new Error(`${field} on OPTIONS ${url} lists ${mediaType} (${String(value)}), but ${route.method} ${url} with ${payload} answers ${sent.statusCode} ${sent.body}`)
            }
          }
        }
      } finally {
        await app.close()
      }
    }), { seed, numRuns })
  } catch (error) {
    const cause = (error as Error).cause
    t.fail(`seed ${seed} (replay with ACCEPT_SEED=${seed}):\n${(error as Error).message}\n${cause instanceof Error ? cause.message : ''}`)
    return
  }
  t.comment(`seed ${seed}: ${numRuns} apps, ${JSON.stringify(seen)}`)
  // Each kind of answer must occur, or the property proves less than it claims.
  for (const [kind, count] of Object.entries(seen)) t.ok(count > 0, `${kind}: ${count}`)
})
