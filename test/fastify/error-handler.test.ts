import t from 'tap'
import type { FastifyError } from 'fastify'
import { build } from '../helpers/app'
import * as errors from '../../lib/errors'
import { isMethodNotAllowedError, isNotImplementedError } from '../../lib/error-guards'

t.test('setErrorHandler receives the 405 as a Fastify error with code, statusCode and allow', async t => {
  const app = await build()
  let seen: (FastifyError & { allow?: string[] }) | undefined
  app.setErrorHandler((error: FastifyError & { allow?: string[] }, _request, reply) => {
    seen = error
    reply.code(error.statusCode ?? 500).send({ problem: error.code, methods: error.allow })
  })
  app.get('/a', async () => 'a')

  const res = await app.inject({ method: 'PUT', url: '/a' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
  t.same(res.json(), { problem: 'FST_ERR_METHOD_NOT_ALLOWED', methods: ['GET', 'HEAD', 'OPTIONS'] })
  t.ok(seen instanceof errors.FST_ERR_METHOD_NOT_ALLOWED)
  t.equal(seen?.statusCode, 405)
  t.equal(seen?.message, 'Method PUT is not allowed for /a; allowed: GET, HEAD, OPTIONS')
})

t.test('Allow survives an error handler that changes status and body', async t => {
  const app = await build()
  app.setErrorHandler((_error, _request, reply) => {
    reply.code(405).type('text/plain').send('nope')
  })
  app.get('/a', async () => 'a')

  const res = await app.inject({ method: 'PUT', url: '/a' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
  t.equal(res.body, 'nope')
})

t.test('an application/problem+json error handler (RFC 9457)', async t => {
  const app = await build()
  app.setErrorHandler((error: FastifyError & { allow?: string[] }, request, reply) => {
    reply.code(error.statusCode ?? 500).type('application/problem+json').send({
      type: 'about:blank',
      title: 'Method Not Allowed',
      status: error.statusCode,
      detail: error.message,
      instance: request.url,
      allow: error.allow
    })
  })
  app.get('/a', async () => 'a')

  const res = await app.inject({ method: 'DELETE', url: '/a' })
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
  t.same(res.json(), {
    type: 'about:blank',
    title: 'Method Not Allowed',
    status: 405,
    detail: 'Method DELETE is not allowed for /a; allowed: GET, HEAD, OPTIONS',
    instance: '/a',
    allow: ['GET', 'HEAD', 'OPTIONS']
  })
})

t.test('an error handler set in a prefixed plugin formats that prefix\'s 405s', async t => {
  const app = await build()
  app.get('/root', async () => 'root')
  await app.register(async instance => {
    instance.setErrorHandler((error: FastifyError, _request, reply) => {
      reply.code(error.statusCode ?? 500).send({ api: error.code })
    })
    instance.setNotFoundHandler(async (_request, reply) => reply.code(404).send({ api: 'not found' }))
    instance.get('/item', async () => 'item')
  }, { prefix: '/api' })

  const api = await app.inject({ method: 'POST', url: '/api/item' })
  t.equal(api.statusCode, 405)
  t.same(api.json(), { api: 'FST_ERR_METHOD_NOT_ALLOWED' })
  t.same((await app.inject({ method: 'POST', url: '/api/nope' })).json(), { api: 'not found' })
  const root = await app.inject({ method: 'POST', url: '/root' })
  t.equal(root.json().code, 'FST_ERR_METHOD_NOT_ALLOWED')
  t.equal(root.json().statusCode, 405)
})

t.test('the 501 is a Fastify error too', async t => {
  const app = await build()
  let code: string | undefined
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    code = error.code
    reply.code(error.statusCode ?? 500).send({ code: error.code })
  })
  const res = await app.inject({ method: 'SEARCH' as 'GET', url: '/x' })
  t.equal(res.statusCode, 501)
  t.equal(code, 'FST_ERR_METHOD_NOT_IMPLEMENTED')
  t.same(res.json(), { code: 'FST_ERR_METHOD_NOT_IMPLEMENTED' })
})

t.test('a prefix without a not-found handler of its own has its 405s formatted by the root\'s error handler', async t => {
  const app = await build()
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    reply.code(error.statusCode ?? 500).send({ root: error.code })
  })
  await app.register(async instance => {
    instance.setErrorHandler((error: FastifyError, _request, reply) => {
      reply.code(error.statusCode ?? 500).send({ api: error.code })
    })
    instance.get('/item', async () => 'item')
  }, { prefix: '/api' })

  const api = await app.inject({ method: 'POST', url: '/api/item' })
  t.equal(api.statusCode, 405)
  t.equal(api.headers.allow, 'GET, HEAD, OPTIONS')
  t.same(api.json(), { root: 'FST_ERR_METHOD_NOT_ALLOWED' })
})

t.test('isMethodNotAllowedError and isNotImplementedError tell the plugin\'s 405 and 501 from every other error', async t => {
  const app = await build({ clock: () => Date.parse('2030-01-01') })
  const seen: Array<[string, boolean, boolean]> = []
  app.setErrorHandler((error, request, reply) => {
    seen.push([request.url, isMethodNotAllowedError(error), isNotImplementedError(error)])
    // Narrowed: error.allow, error.retired and error.statusCode need no cast.
    if (isMethodNotAllowedError(error)) return reply.code(error.statusCode).send({ allow: error.allow, retired: error.retired ?? null, use: error.use ?? null })
    if (isNotImplementedError(error)) return reply.code(error.statusCode).send({ code: error.code })
    throw error
  })
  app.get('/a', async () => 'a')
  app.route({ method: ['GET', 'PATCH', 'PUT'], url: '/old', config: { methodNotAllowed: { deprecated: { PUT: { since: '2029-01-01', sunset: '2029-06-30', use: 'PATCH' } } } }, handler: async () => 'old' })
  app.get('/boom', async () => { throw new Error('boom') })

  const put = await app.inject({ method: 'PUT', url: '/a' })
  t.same([put.statusCode, put.json()], [405, { allow: ['GET', 'HEAD', 'OPTIONS'], retired: null, use: null }])
  const retired = await app.inject({ method: 'PUT', url: '/old' })
  t.same([retired.statusCode, retired.json()], [405, { allow: ['GET', 'HEAD', 'OPTIONS', 'PATCH'], retired: '2029-06-30', use: 'PATCH' }])
  const search = await app.inject({ method: 'SEARCH' as 'GET', url: '/a' })
  t.same([search.statusCode, search.json()], [501, { code: 'FST_ERR_METHOD_NOT_IMPLEMENTED' }])
  // Any other error goes on to Fastify's default handler.
  const boom = await app.inject({ method: 'GET', url: '/boom' })
  t.same([boom.statusCode, boom.json().message], [500, 'boom'])
  t.same(seen, [['/a', true, false], ['/old', true, false], ['/a', false, true], ['/boom', false, false]])
})

t.test('the guards look for the plugin\'s code and, for the 405, its Allow list', async t => {
  const notAllowed = Object.assign(new errors.FST_ERR_METHOD_NOT_ALLOWED('PUT', '/a', 'GET'), { allow: ['GET'] })
  t.equal(isMethodNotAllowedError(notAllowed), true)
  // Built by hand without `allow`, it lacks what the guard promises.
  t.equal(isMethodNotAllowedError(new errors.FST_ERR_METHOD_NOT_ALLOWED('PUT', '/a', 'GET')), false)
  t.equal(isMethodNotAllowedError(Object.assign(new Error('x'), { code: 'FST_ERR_METHOD_NOT_ALLOWED', allow: 'GET' })), false)
  t.equal(isNotImplementedError(new errors.FST_ERR_METHOD_NOT_IMPLEMENTED('SEARCH')), true)
  t.equal(isNotImplementedError(notAllowed), false)
  t.equal(isMethodNotAllowedError(new errors.FST_ERR_METHOD_NOT_IMPLEMENTED('SEARCH')), false)
  for (const other of [undefined, null, 'FST_ERR_METHOD_NOT_ALLOWED', { code: 'FST_ERR_METHOD_NOT_ALLOWED', allow: [] }, { code: 'FST_ERR_METHOD_NOT_IMPLEMENTED' }, new Error('x')]) {
    t.equal(isMethodNotAllowedError(other), false, String(other))
    t.equal(isNotImplementedError(other), false, String(other))
  }
})
