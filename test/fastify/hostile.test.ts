import t, { type Test } from 'tap'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import methodNotAllowed from '../../lib/plugin'
import { listen } from '../helpers/raw'
import { allowField, exchange, keepAlive, parseResponses, request, type Exchange, type ParsedResponse, type Step } from '../helpers/fuzz-sockets'

// Hostile input over real sockets against a listening app with the plugin.
// For every case: no 500 (nor any error but the plugin's own 405/501 reaching
// an error handler), no crash, no hang (every exchange is bounded), the server
// keeps serving the next request, and Allow holds method tokens only.

interface Server {
  app: FastifyInstance
  port: number
  /** Status codes of every response Fastify sent (onResponse). */
  statuses: number[]
  /** Errors that reached an error handler, other than 405 and 501. */
  errors: string[]
}

const unsupported = ['SEARCH', 'PROPFIND', 'PURGE', 'M-SEARCH']
const ok = async (): Promise<string> => 'ok'

async function server (t: Test, options: FastifyServerOptions = {}): Promise<Server> {
  const app = Fastify({ forceCloseConnections: true, ...options })
  await app.register(methodNotAllowed)
  const statuses: number[] = []
  const errors: string[] = []
  app.addHook('onResponse', (_request, reply, done) => {
    statuses.push(reply.statusCode)
    done()
  })
  app.addHook('onError', (_request, _reply, error, done) => {
    const status = (error as { statusCode?: number }).statusCode
    if (status !== 405 && status !== 501 && (status === undefined || status >= 500)) errors.push(`${String(status)} ${error.message}`)
    done()
  })
  app.get('/', ok)
  app.get('/posts/:id', ok)
  app.put('/posts/:id', ok)
  app.post('/posts', ok)
  app.get('/files/*', ok)
  app.get('/secret', { config: { methodNotAllowed: false } }, ok)
  app.get('/versioned', { constraints: { version: '1.0.0' } }, ok)
  const port = await listen(t, app)
  return { app, port, statuses, errors }
}

function methodsOf (app: FastifyInstance): string[] {
  return [...app.supportedMethods, ...unsupported]
}

async function send (port: number, steps: Step[], options?: { timeoutMs?: number }): Promise<Exchange> {
  return await exchange(port, steps, { timeoutMs: options?.timeoutMs ?? 5000 })
}

/** The invariants every answer must keep. */
function checkAnswers (t: Test, label: string, result: Exchange, responses: ParsedResponse[]): void {
  t.notOk(result.timedOut, `${label}: answered or closed in time`)
  for (const response of responses) {
    t.ok(response.status < 500 || response.status === 501, `${label}: ${response.status} is no server error`)
    if (response.headers.allow !== undefined) t.match(response.headers.allow, allowField, `${label}: Allow holds method tokens only`)
  }
}

/** The server still answers a plain request, and nothing went wrong on its side. */
async function checkHealthy (t: Test, target: Server, label: string): Promise<void> {
  const result = await send(target.port, [request('GET', '/posts/1')])
  const [response] = parseResponses(result.raw)
  t.equal(response?.status, 200, `${label}: the server keeps serving`)
  t.notOk(target.statuses.includes(500), `${label}: no 500 was sent`)
  t.same(target.errors, [], `${label}: no error reached an error handler`)
}

async function one (t: Test, target: Server, label: string, steps: Step[], head = false): Promise<ParsedResponse[]> {
  const result = await send(target.port, steps)
  const responses = parseResponses(result.raw, [head])
  checkAnswers(t, label, result, responses)
  return responses
}

t.test('malformed percent-encoding, for every method', async t => {
  const target = await server(t)
  for (const method of methodsOf(target.app)) {
    for (const path of ['/posts/%zz', '/%', '/posts/%E0%A4%A', '/files/%C3', '/posts/1%', '/%00']) {
      const [response] = await one(t, target, `${method} ${path}`, [request(method, path)], method === 'HEAD')
      t.ok(response !== undefined, `${method} ${path}: answered`)
      t.not(response?.status, 405, `${method} ${path}: a URL the router cannot decode is nobody's resource`)
    }
  }
  await checkHealthy(t, target, 'after malformed encodings')
})

t.test('NUL and control bytes in the request target are refused before Fastify', async t => {
  const target = await server(t)
  for (const path of ['/posts/\u0000', '/po\u0001sts/1', '/posts/1\u007f', '/posts/\t1', '/posts/\r1']) {
    const result = await send(target.port, [request('DELETE', path)])
    const responses = parseResponses(result.raw)
    checkAnswers(t, JSON.stringify(path), result, responses)
    t.ok(responses.length === 0 || responses[0].status === 400, `${JSON.stringify(path)}: 400 or closed`)
  }
  await checkHealthy(t, target, 'after control bytes')
})

t.test('100 KB URLs', async t => {
  const big = 'a'.repeat(100_000)
  // Node's default header limit (16 KiB) answers 431 before Fastify sees the URL.
  const limited = await server(t)
  const [refused] = await one(t, limited, 'default limit', [request('DELETE', `/files/${big}`)])
  t.equal(refused?.status, 431)
  await checkHealthy(t, limited, 'after a refused 100 KB URL')

  // With a larger limit the plugin does see it, and must still answer.
  const roomy = await server(t, { http: { maxHeaderSize: 256 * 1024 } } as FastifyServerOptions)
  const [wildcard] = await one(t, roomy, '405 on a wildcard', [request('DELETE', `/files/${big}`)])
  t.equal(wildcard?.status, 405)
  t.equal(wildcard?.headers.allow, 'GET, HEAD, OPTIONS')
  const [options] = await one(t, roomy, 'OPTIONS on a wildcard', [request('OPTIONS', `/files/${big}`)])
  t.equal(options?.status, 200)
  const [unknown] = await one(t, roomy, 'unknown deep URL', [request('DELETE', '/' + 'a/'.repeat(50_000))])
  t.equal(unknown?.status, 404)
  const [param] = await one(t, roomy, 'over-long param', [request('DELETE', `/posts/${big}`)])
  t.ok(param?.status === 404 || param?.status === 414, 'an over-long param matches no route')
  for (const method of methodsOf(roomy.app)) {
    await one(t, roomy, `${method} 100 KB`, [request(method, `/posts/${big}?q=${big.slice(0, 1000)}`)], method === 'HEAD')
  }
  await checkHealthy(t, roomy, 'after 100 KB URLs')
})

t.test('over-long params answer like the router does', async t => {
  const target = await server(t)
  const long = 'x'.repeat(101)
  const [get] = await one(t, target, 'GET', [request('GET', `/posts/${long}`)])
  t.equal(get?.status, 414, 'Fastify refuses the over-long param itself')
  for (const method of methodsOf(target.app)) {
    const [response] = await one(t, target, method, [request(method, `/posts/${long}`)], method === 'HEAD')
    t.not(response?.status, 405, `${method}: an over-long param is no match, so no 405`)
  }
  await checkHealthy(t, target, 'after over-long params')
})

t.test('absolute-form targets answer exactly as origin-form ones, for every method', async t => {
  const target = await server(t)
  for (const method of methodsOf(target.app)) {
    for (const path of ['/posts/1', '/posts', '/nope', '/files/a/b', '/', '/secret', '/posts/1?x=1']) {
      const head = method === 'HEAD'
      const [origin] = await one(t, target, `${method} ${path}`, [request(method, path)], head)
      const absolute = `http://127.0.0.1:${target.port}${path}`
      const [absoluteResponse] = await one(t, target, `${method} ${absolute}`, [request(method, absolute)], head)
      t.equal(absoluteResponse?.status, origin?.status, `${method} ${path}: same status in absolute-form`)
      t.equal(absoluteResponse?.headers.allow, origin?.headers.allow, `${method} ${path}: same Allow in absolute-form`)
    }
  }
  await checkHealthy(t, target, 'after absolute-form targets')
})

t.test('the asterisk-form target, for every method, answers as Fastify alone except OPTIONS and 501', async t => {
  // find-my-way routes `*` as the root path, so `GET *` reaches the GET / route
  // with or without the plugin; the plugin only adds `OPTIONS *` and its 501.
  const target = await server(t)
  const twin = Fastify()
  twin.get('/', ok)
  twin.get('/posts/:id', ok)
  const twinPort = await listen(t, twin)
  for (const method of methodsOf(target.app)) {
    const head = method === 'HEAD'
    const [response] = await one(t, target, `${method} *`, [request(method, '*')], head)
    const [alone] = parseResponses((await send(twinPort, [request(method, '*')])).raw, [head])
    if (method === 'OPTIONS') {
      t.equal(response?.status, 200, 'OPTIONS * describes the server')
      t.equal(response?.headers.allow, 'GET, HEAD, OPTIONS, POST, PUT')
      t.equal(response?.headers['content-length'], '0')
    } else if (unsupported.includes(method)) {
      t.equal(response?.status, 501, `${method} *: not implemented`)
    } else {
      t.equal(response?.status, alone?.status, `${method} *: as without the plugin`)
      t.not(response?.status, 405, `${method} *: never 405, RFC 9110 §7.1 gives * a meaning for OPTIONS only`)
    }
  }
  await checkHealthy(t, target, 'after asterisk-form targets')
})

t.test('unknown and lowercase method tokens are refused by Node before Fastify', async t => {
  const target = await server(t)
  for (const method of ['FOO', 'BREW', 'get', 'delete', 'options', 'GET\u0000', 'G@T']) {
    const result = await send(target.port, [request(method, '/posts/1')])
    const responses = parseResponses(result.raw)
    checkAnswers(t, method, result, responses)
    t.ok(responses.length === 0 || responses[0].status === 400, `${JSON.stringify(method)}: 400 or closed`)
  }
  // A token Node knows but Fastify does not route.
  const [msearch] = await one(t, target, 'M-SEARCH', [request('M-SEARCH', '/posts/1')])
  t.equal(msearch?.status, 501)
  await checkHealthy(t, target, 'after unknown tokens')
})

t.test('HTTP/1.0 requests get 405, automatic OPTIONS and 501 as well', async t => {
  const target = await server(t)
  const http10 = (method: string, path: string): string => `${method} ${path} HTTP/1.0\r\n\r\n`
  const deleted = await send(target.port, [http10('DELETE', '/posts/1')])
  const [denied] = parseResponses(deleted.raw)
  checkAnswers(t, 'DELETE', deleted, [denied])
  t.equal(denied?.status, 405)
  t.equal(denied?.headers.allow, 'GET, HEAD, OPTIONS, PUT')
  t.ok(deleted.closed, 'the server closes an HTTP/1.0 connection after the answer')
  const [options] = await one(t, target, 'OPTIONS', [http10('OPTIONS', '/posts/1')])
  t.equal(options?.status, 200)
  t.equal(options?.headers['content-length'], '0')
  const [search] = await one(t, target, 'SEARCH', [http10('SEARCH', '/posts/1')])
  t.equal(search?.status, 501)
  await checkHealthy(t, target, 'after HTTP/1.0')
})

t.test('pipelined requests are answered in order on one connection', async t => {
  const target = await server(t)
  const result = await send(target.port, [
    keepAlive('DELETE', '/posts/1') +
    keepAlive('OPTIONS', '/posts/1') +
    keepAlive('GET', '/posts/1') +
    keepAlive('SEARCH', '/posts/1') +
    keepAlive('PATCH', '/posts/2', ['Content-Type: text/plain', 'Content-Length: 5'], 'hello') +
    keepAlive('HEAD', '/nope') +
    request('PUT', '/posts', ['Content-Type: text/plain', 'Content-Length: 3'], 'abc')
  ])
  const responses = parseResponses(result.raw, [false, false, false, false, false, true, false])
  checkAnswers(t, 'pipeline', result, responses)
  t.same(responses.map(response => response.status), [405, 200, 200, 501, 405, 404, 405])
  t.equal(responses[4].headers.allow, 'GET, HEAD, OPTIONS, PUT')
  t.equal(responses[6].headers.allow, 'OPTIONS, POST')
  await checkHealthy(t, target, 'after pipelining')
})

t.test('Expect: 100-continue on a request that answers 405', async t => {
  const target = await server(t)
  const headers = ['Expect: 100-continue', 'Content-Type: text/plain', 'Content-Length: 5']
  const result = await send(target.port, [request('PUT', '/posts', headers), { delay: 100 }, 'hello'])
  const responses = parseResponses(result.raw)
  checkAnswers(t, 'expect', result, responses)
  t.same(responses.map(response => response.status), [100, 405], 'Node sends 100 Continue, the plugin the 405')

  // A client that waits for 100 Continue and then gives up.
  const abandoned = await send(target.port, [request('DELETE', '/posts/1', headers), { delay: 200 }, { destroy: true }])
  t.notOk(abandoned.timedOut)
  await checkHealthy(t, target, 'after Expect: 100-continue')
})

t.test('a request that answers 405 with a body leaves the connection usable', async t => {
  const target = await server(t)
  const chunked = await send(target.port, [
    keepAlive('DELETE', '/posts/1', ['Transfer-Encoding: chunked', 'Content-Type: text/plain'], '5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n') +
    request('GET', '/posts/1')
  ])
  const chunkedResponses = parseResponses(chunked.raw)
  checkAnswers(t, 'chunked', chunked, chunkedResponses)
  t.same(chunkedResponses.map(response => response.status), [405, 200], 'chunked body consumed, next request served')

  const sized = await send(target.port, [
    keepAlive('PATCH', '/posts/1', ['Content-Length: 11', 'Content-Type: text/plain'], 'hello world') +
    request('GET', '/posts/1')
  ])
  const sizedResponses = parseResponses(sized.raw)
  checkAnswers(t, 'content-length', sized, sizedResponses)
  t.same(sizedResponses.map(response => response.status), [405, 200], 'sized body consumed, next request served')

  // Bodies Fastify refuses before the plugin decides: too large, unparsable.
  const large = await one(t, target, 'too large', [request('DELETE', '/posts/1', ['Content-Type: text/plain', `Content-Length: ${2 * 1024 * 1024}`])])
  t.equal(large[0]?.status, 413)
  const json = await one(t, target, 'bad JSON', [request('DELETE', '/posts/1', ['Content-Type: application/json', 'Content-Length: 5'], '{"a":')])
  t.equal(json[0]?.status, 400)
  // Fastify's not-found context takes any content type, so the plugin decides.
  const unknownType = await one(t, target, 'unknown type', [request('DELETE', '/posts/1', ['Content-Type: application/x-nope', 'Content-Length: 2'], 'hi')])
  t.equal(unknownType[0]?.status, 405)
  await checkHealthy(t, target, 'after bodies')
})

t.test('slow clients get their answer and do not block others', async t => {
  const target = await server(t)
  const bytes = [...request('DELETE', '/posts/1')]
  const slowSteps: Step[] = bytes.flatMap(byte => [byte, { delay: 4 }])
  const slow = send(target.port, slowSteps, { timeoutMs: 10_000 })
  // A slowloris: headers that never end.
  const stalled = send(target.port, ['DELETE /posts/1 HTTP/1.1\r\nHost: x\r\n', { delay: 50 }, 'X-Slow: 1\r\n', { delay: 400 }, { destroy: true }])
  for (let i = 0; i < 5; i++) await checkHealthy(t, target, `while slow clients write (${i})`)
  const result = await slow
  const [response] = parseResponses(result.raw)
  checkAnswers(t, 'slow', result, [response])
  t.equal(response?.status, 405)
  t.notOk((await stalled).timedOut)
  await checkHealthy(t, target, 'after slow clients')
})

t.test('clients that disconnect mid-request', async t => {
  const target = await server(t)
  const cases: Array<[string, Step[]]> = [
    ['inside the request line', ['DELETE /po', { destroy: true }]],
    ['inside the headers', ['DELETE /posts/1 HTTP/1.1\r\nHost: x\r\nContent-Le', { destroy: true }]],
    ['inside the body of a 405', [keepAlive('DELETE', '/posts/1', ['Content-Type: text/plain', 'Content-Length: 100'], 'only ten b'), { delay: 50 }, { destroy: true }]],
    ['inside a chunked body of a 405', [keepAlive('DELETE', '/posts/1', ['Content-Type: text/plain', 'Transfer-Encoding: chunked'], '5\r\nhel'), { delay: 50 }, { destroy: true }]],
    ['right after a full 405 request', [request('DELETE', '/posts/1'), { destroy: true }]],
    ['right after a full OPTIONS request', [request('OPTIONS', '/posts/1'), { destroy: true }]],
    ['inside a pipeline', [keepAlive('DELETE', '/posts/1') + keepAlive('SEARCH', '/x') + 'OPTIONS /posts', { delay: 20 }, { destroy: true }]]
  ]
  for (const [label, steps] of cases) {
    const result = await send(target.port, steps)
    t.notOk(result.timedOut, `${label}: bounded`)
    await checkHealthy(t, target, label)
  }
})
