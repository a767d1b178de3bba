import t, { type Test } from 'tap'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { body404, body405, body501 } from '../helpers/app'
import { copyWorkingTree, root, run, uncoveredEnv } from '../helpers/clone'

// The README's quick start is `npm ci && npm run demo`. Both scripts build dist/
// first, so they run in a copy of the working tree (node_modules linked, no
// dist/): that is what a fresh clone sees, and a build here cannot race another
// test or process that reads the shared dist/.
function freshClone (t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'fmna-example-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return copyWorkingTree(dir)
}

interface Exchange {
  why: string
  command: string
  status: string
  headers: Record<string, string>
  body: string
}

/** The demo's output, one exchange per `# why` block. */
function parseDemo (stdout: string): { exchanges: Exchange[], summary: string } {
  const lines = stdout.split('\n')
  const exchanges: Exchange[] = []
  let i = lines.findIndex(line => line.startsWith('# '))
  while (i !== -1 && i < lines.length && lines[i].startsWith('# ')) {
    const exchange: Exchange = { why: lines[i].slice(2), command: lines[i + 1], status: lines[i + 2], headers: {}, body: '' }
    i += 3
    for (; lines[i] !== ''; i++) {
      const colon = lines[i].indexOf(': ')
      exchange.headers[lines[i].slice(0, colon)] = lines[i].slice(colon + 2)
    }
    i++
    if (lines[i] !== '' && !lines[i].startsWith('# ') && !/^\d+ exchanges/.test(lines[i])) {
      exchange.body = lines[i]
      i += 2
    }
    exchanges.push(exchange)
  }
  return { exchanges, summary: lines[i] }
}

const origin = 'https://app.example'

function json (body: unknown): { headers: Record<string, string>, body: string } {
  const text = JSON.stringify(body)
  return {
    headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) },
    body: text
  }
}

const documentWhy = 'the OpenAPI document: PUT /settings deprecated, with its sunset; the retired POST not listed'

/** The example's OpenAPI document, as @fastify/swagger serves it at /documentation/json. */
function checkDocument (t: Test, exchange: Exchange): void {
  t.equal(exchange.status, 'HTTP/1.1 200 OK')
  t.equal(exchange.headers['content-type'], 'application/json; charset=utf-8')
  const document = JSON.parse(exchange.body) as { paths: Record<string, Record<string, unknown>> }
  t.same(Object.keys(document.paths), ['/users', '/users/{id}', '/files/{*}', '/settings'], 'the admin routes are hidden from swagger')
  t.same(Object.keys(document.paths['/settings']), ['get', 'patch', 'put'], 'no POST: it is retired')
  const changes = 'https://api.example/changes/settings'
  t.same(document.paths['/settings'].put, {
    description: `**PUT is deprecated since 2026-12-01 and answers 405 from 2099-12-31 (its sunset)**; use PATCH instead. See <${changes}>.`,
    deprecated: true,
    'x-deprecated-methods': { PUT: { since: '2026-12-01', sunset: '2099-12-31', use: 'PATCH', link: changes } },
    responses: { 200: { description: 'Default Response' } }
  })
}

/** Every exchange the demo must print, exactly, with {base} for its address. */
function expectedExchanges (base: string): Exchange[] {
  const allowUser = 'GET, HEAD, OPTIONS, PATCH'
  const deleteUser = json(body405('DELETE', '/users/1', allowUser))
  const putUsers = json(body405('PUT', '/users?page=2', 'GET, HEAD, OPTIONS, POST'))
  const deleteFile = json(body405('DELETE', '/files/reports/q1.txt', 'GET, HEAD, OPTIONS, PUT'))
  const user = json({ id: '1', name: 'Ada Lovelace' })
  const missingUser = json(body404('GET', '/users/42'))
  const unknown = json(body404('DELETE', '/nothing-here'))
  const unknownPreflight = json(body404('OPTIONS', '/nothing-here'))
  const hidden = json(body404('DELETE', '/admin/stats'))
  const propfind = json(body501('PROPFIND'))
  const changes = 'https://api.example/changes/settings'
  const allowSettings = 'GET, HEAD, OPTIONS, PATCH, PUT'
  const settings = json({ theme: 'light' })
  const retiredPost = json({ ...body405('POST', '/settings', allowSettings), message: `Method POST was retired for /settings; use PATCH (${changes}); allowed: ${allowSettings}`, use: 'PATCH', link: changes })
  const problemText = JSON.stringify({
    type: 'about:blank',
    title: 'Method Not Allowed',
    status: 405,
    detail: `Method POST was retired for /settings; use PATCH (${changes}); allowed: ${allowSettings}`,
    instance: '/settings',
    allow: allowSettings.split(', '),
    use: 'PATCH',
    link: changes
  })
  return [
    {
      why: 'a matched route: the plugin adds nothing',
      command: `$ curl -i ${base}/users/1`,
      status: 'HTTP/1.1 200 OK',
      ...user
    },
    {
      why: 'routed for GET and PATCH, not DELETE: 405 with Allow',
      command: `$ curl -i -X DELETE ${base}/users/1`,
      status: 'HTTP/1.1 405 Method Not Allowed',
      headers: { allow: allowUser, ...deleteUser.headers },
      body: deleteUser.body
    },
    {
      why: 'the query string does not hide the resource',
      command: `$ curl -i -X PUT '${base}/users?page=2'`,
      status: 'HTTP/1.1 405 Method Not Allowed',
      headers: { allow: 'GET, HEAD, OPTIONS, POST', ...putUsers.headers },
      body: putUsers.body
    },
    {
      why: 'automatic OPTIONS: 200, empty body, Allow',
      command: `$ curl -i -X OPTIONS ${base}/users/1`,
      status: 'HTTP/1.1 200 OK',
      headers: { 'accept-patch': 'application/json, text/plain', allow: allowUser, 'content-length': '0' },
      body: ''
    },
    {
      why: 'the handler called callNotFound(): its 404 is never rewritten',
      command: `$ curl -i ${base}/users/42`,
      status: 'HTTP/1.1 404 Not Found',
      ...missingUser
    },
    {
      why: 'a wildcard route counts like any other',
      command: `$ curl -i -X DELETE ${base}/files/reports/q1.txt`,
      status: 'HTTP/1.1 405 Method Not Allowed',
      headers: { allow: 'GET, HEAD, OPTIONS, PUT', ...deleteFile.headers },
      body: deleteFile.body
    },
    {
      why: 'an unknown URL keeps its 404',
      command: `$ curl -i -X DELETE ${base}/nothing-here`,
      status: 'HTTP/1.1 404 Not Found',
      ...unknown
    },
    {
      why: 'hidden with config: { methodNotAllowed: false }: plain 404',
      command: `$ curl -i -X DELETE ${base}/admin/stats`,
      status: 'HTTP/1.1 404 Not Found',
      ...hidden
    },
    {
      why: 'a method Fastify does not route at all: 501',
      command: `$ curl -i -X PROPFIND ${base}/users/1`,
      status: 'HTTP/1.1 501 Not Implemented',
      ...propfind
    },
    {
      why: 'OPTIONS * describes the whole server',
      command: `$ curl -i -X OPTIONS --request-target '*' ${base}/`,
      status: 'HTTP/1.1 200 OK',
      headers: { allow: 'GET, HEAD, OPTIONS, PATCH, POST, PUT', 'content-length': '0' },
      body: ''
    },
    {
      why: 'a CORS preflight is answered from the route table: Access-Control-Allow-Methods is the URL\'s Allow',
      command: `$ curl -i -X OPTIONS -H 'Origin: ${origin}' -H 'Access-Control-Request-Method: PATCH' ${base}/users/1`,
      status: 'HTTP/1.1 204 No Content',
      headers: {
        'access-control-allow-origin': origin,
        'access-control-expose-headers': 'Allow',
        'access-control-allow-methods': allowUser,
        'content-length': '0'
      },
      body: ''
    },
    {
      why: 'a CORS preflight for an unknown URL gets the 404, and the browser goes no further',
      command: `$ curl -i -X OPTIONS -H 'Origin: ${origin}' -H 'Access-Control-Request-Method: DELETE' ${base}/nothing-here`,
      status: 'HTTP/1.1 404 Not Found',
      ...unknownPreflight
    },
    {
      why: 'a cross-origin 405 keeps its CORS headers, and the page may read Allow',
      command: `$ curl -i -X DELETE -H 'Origin: ${origin}' ${base}/users/1`,
      status: 'HTTP/1.1 405 Method Not Allowed',
      headers: {
        'access-control-allow-origin': origin,
        'access-control-expose-headers': 'Allow',
        allow: allowUser,
        ...deleteUser.headers
      },
      body: deleteUser.body
    },
    {
      why: 'a deprecated method still works, and says so: Deprecation, Sunset, Link',
      command: `$ curl -i -X PUT ${base}/settings`,
      status: 'HTTP/1.1 200 OK',
      headers: {
        deprecation: `@${Date.parse('2026-12-01') / 1000}`,
        sunset: 'Thu, 31 Dec 2099 00:00:00 GMT',
        link: `<${changes}>; rel="deprecation", <${changes}>; rel="sunset"`,
        ...settings.headers
      },
      body: settings.body
    },
    {
      why: 'a retired method answers 405, names its successor, and no Allow lists it',
      command: `$ curl -i -X POST ${base}/settings`,
      status: 'HTTP/1.1 405 Method Not Allowed',
      headers: { allow: allowSettings, ...retiredPost.headers },
      body: retiredPost.body
    },
    {
      why: 'a client that asks for RFC 9457 problem details gets them',
      command: `$ curl -i -X POST -H 'Accept: application/problem+json' ${base}/settings`,
      status: 'HTTP/1.1 405 Method Not Allowed',
      headers: { allow: allowSettings, 'content-type': 'application/problem+json; charset=utf-8', 'content-length': String(Buffer.byteLength(problemText)) },
      body: problemText
    },
    {
      // Checked apart (checkDocument): the whole document is long.
      why: documentWhy,
      command: `$ curl -i ${base}/documentation/json`,
      status: 'HTTP/1.1 200 OK',
      headers: {},
      body: ''
    },
    {
      why: 'who still calls a deprecated or retired method (each call is logged at warn too)',
      command: `$ curl -i ${base}/admin/deprecated-calls`,
      status: 'HTTP/1.1 200 OK',
      ...json({ 'deprecated PUT /settings': 1, 'retired POST /settings': 2 })
    },
    {
      why: 'automatic OPTIONS lists what PATCH accepts: Accept-Patch',
      command: `$ curl -i -X OPTIONS ${base}/settings`,
      status: 'HTTP/1.1 200 OK',
      headers: { 'accept-patch': 'application/merge-patch+json', allow: allowSettings, 'content-length': '0' },
      body: ''
    },
    {
      why: 'a PATCH in the format Accept-Patch lists is accepted',
      command: `$ curl -i -X PATCH -H 'Content-Type: application/merge-patch+json' --data-raw '{"theme":"dark"}' ${base}/settings`,
      status: 'HTTP/1.1 200 OK',
      ...json({ theme: 'dark' })
    }
  ]
}

t.test('the scripts build first, then run the example', async t => {
  const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  t.equal(scripts.start, 'npm run build && node example/server.js')
  t.equal(scripts.demo, 'npm run build && node example/demo.js')
})

// One clone for the file: the demo builds its dist/, which `npm start` then uses.
const clone = freshClone(t)

t.test('on a fresh clone, `npm run demo` builds, shows every exchange like curl -i and exits 0', async t => {
  const demo = await run('npm', ['run', 'demo'], clone)
  t.equal(demo.code, 0, demo.stderr)

  const { exchanges, summary } = parseDemo(demo.stdout)
  const base = /\$ curl -i (http:\/\/127\.0\.0\.1:\d+)\/users\/1\n/.exec(demo.stdout)?.[1] ?? 'no address printed'
  t.match(base, /^http:\/\/127\.0\.0\.1:\d+$/)
  const expected = expectedExchanges(base)
  t.equal(exchanges.length, expected.length)
  for (let i = 0; i < expected.length; i++) {
    if (expected[i].why === documentWhy) checkDocument(t, exchanges[i])
    else t.same(exchanges[i], expected[i], expected[i].why)
  }
  t.equal(summary, `${expected.length} exchanges, each as documented. Start the service with \`npm start\` to try them yourself.`)
  // The surface is checked against example/openapi.json: the hidden admin route and the retired POST are not in it.
  t.ok(demo.stdout.endsWith('\nThe method surface against example/openapi.json: The server answers every operation of the document, and only those.\n\n'), demo.stdout.slice(-200))
})

t.test('`npm start` listens where HOST and PORT say, prints the curl commands and stops on SIGTERM', async t => {
  // The demo above built dist/ in this clone; `npm start` is that same build
  // followed by this command (the first test pins both scripts).
  // PORT=0 takes a free port; 127.0.0.2 is a loopback address too on Linux,
  // and differs from the default 127.0.0.1, so both settings are seen to work.
  const child = spawn(process.execPath, ['example/server.js'], {
    cwd: clone,
    env: uncoveredEnv({ HOST: '127.0.0.2', PORT: '0' })
  })
  const exited = new Promise<number | null>(resolve => child.on('close', code => resolve(code)))
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await exited
  })

  let stdout = ''
  child.stdout.setEncoding('utf8')
  const printed = await new Promise<boolean>(resolve => {
    child.stdout.on('data', chunk => {
      stdout += chunk
      if (stdout.includes('Press Ctrl+C to stop.')) resolve(true)
    })
    child.on('close', () => resolve(false))
  })
  if (!printed) t.fail(`the server exited before printing its list:\n${stdout}`)

  const base = /^Example service listening on (http:\/\/[\d.]+:\d+)$/m.exec(stdout)?.[1] ?? 'no address printed'
  t.match(base, /^http:\/\/127\.0\.0\.2:\d+$/)
  t.not(base, 'http://127.0.0.2:3000')
  const commands = stdout.split('\n').filter(line => line.startsWith('  curl ')).map(line => '$ ' + line.slice(2))
  t.same(commands, expectedExchanges(base).map(exchange => exchange.command), 'the same requests as the demo, at this address')

  const res = await fetch(`${base}/users/1`, { method: 'DELETE' })
  t.equal(res.status, 405)
  t.equal(res.headers.get('allow'), 'GET, HEAD, OPTIONS, PATCH')
  t.same(await res.json(), body405('DELETE', '/users/1', 'GET, HEAD, OPTIONS, PATCH'))

  child.kill('SIGTERM')
  t.equal(await exited, 0, 'closes the server and exits 0')
})
