import t from 'tap'
import { connect, type ClientHttp2Session, type IncomingHttpHeaders } from 'node:http2'
import Fastify from 'fastify'
import methodNotAllowed from '../../lib/plugin'

interface Exchange { status: number, headers: IncomingHttpHeaders, body: string }

function request (session: ClientHttp2Session, method: string, path: string): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':method': method, ':path': path })
    let headers: IncomingHttpHeaders = {}
    let body = ''
    stream.setEncoding('utf8')
    stream.on('response', received => { headers = received })
    stream.on('data', chunk => { body += chunk })
    stream.on('end', () => resolve({ status: Number(headers[':status']), headers, body }))
    stream.on('error', reject)
    stream.end()
  })
}

t.test('over HTTP/2 with a real client: 405, automatic OPTIONS, 501, 404', async t => {
  const app = Fastify({ http2: true })
  await app.register(methodNotAllowed)
  app.get('/h2/:id', async () => 'h2')
  await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => app.close())
  const { port } = app.server.address() as { port: number }
  const session = connect(`http://127.0.0.1:${port}`)
  t.teardown(() => session.close())

  const ok = await request(session, 'GET', '/h2/1')
  t.equal(ok.status, 200)
  t.equal(ok.body, 'h2')

  const notAllowed = await request(session, 'DELETE', '/h2/1')
  t.equal(notAllowed.status, 405)
  t.equal(notAllowed.headers.allow, 'GET, HEAD, OPTIONS')
  t.same(JSON.parse(notAllowed.body), {
    statusCode: 405,
    code: 'FST_ERR_METHOD_NOT_ALLOWED',
    error: 'Method Not Allowed',
    message: 'Method DELETE is not allowed for /h2/1; allowed: GET, HEAD, OPTIONS'
  })

  const options = await request(session, 'OPTIONS', '/h2/1')
  t.equal(options.status, 200)
  t.equal(options.headers.allow, 'GET, HEAD, OPTIONS')
  t.equal(options.headers['content-length'], '0')
  t.equal(options.body, '')

  t.equal((await request(session, 'PURGE', '/h2/1')).status, 501)
  t.equal((await request(session, 'DELETE', '/nope')).status, 404)
})

t.test('HTTP/2 host constraints read :authority', async t => {
  const app = Fastify({ http2: true })
  await app.register(methodNotAllowed)
  app.get('/h', { constraints: { host: /^127\.0\.0\.1(:\d+)?$/ } }, async () => 'host')
  app.put('/h', async () => 'put')
  await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => app.close())
  const { port } = app.server.address() as { port: number }
  const session = connect(`http://127.0.0.1:${port}`)
  t.teardown(() => session.close())

  const res = await request(session, 'DELETE', '/h')
  t.equal(res.status, 405)
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS, PUT')
})
