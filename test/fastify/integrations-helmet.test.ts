import t from 'tap'
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify'
import helmet from '@fastify/helmet'
import methodNotAllowed from '../../lib/plugin'
import { body405 } from '../helpers/app'

// Helmet sets its headers in onRequest hooks on the instance; those run before
// the plugin's decision, so 405, 501 and automatic OPTIONS answers carry them.
async function withHelmet (order: 'plugin first' | 'helmet first'): Promise<FastifyInstance> {
  const app = Fastify()
  if (order === 'plugin first') {
    await app.register(methodNotAllowed)
    await app.register(helmet)
  } else {
    await app.register(helmet)
    await app.register(methodNotAllowed)
  }
  app.get('/users/:id', async () => ({ id: '1' }))
  return app
}

const standard = new Set(['allow', 'content-type', 'content-length', 'date', 'connection', 'keep-alive'])

/** Every header of the response that helmet (not Fastify, not the plugin) set. */
function helmetHeaders (res: LightMyRequestResponse): Record<string, unknown> {
  return Object.fromEntries(Object.entries(res.headers).filter(([name]) => !standard.has(name)))
}

for (const order of ['plugin first', 'helmet first'] as const) {
  t.test(`${order}: 405, 501, automatic OPTIONS and 404 carry the same helmet headers as a matched route`, async t => {
    const app = await withHelmet(order)
    const ok = await app.inject({ method: 'GET', url: '/users/1' })
    t.equal(ok.statusCode, 200)
    const expected = helmetHeaders(ok)
    // A sample of what helmet sets, so that an empty set cannot pass.
    t.equal(expected['x-content-type-options'], 'nosniff')
    t.equal(expected['x-frame-options'], 'SAMEORIGIN')
    t.match(expected['content-security-policy'], /default-src 'self'/)

    const res405 = await app.inject({ method: 'DELETE', url: '/users/1' })
    t.equal(res405.statusCode, 405)
    t.equal(res405.headers.allow, 'GET, HEAD, OPTIONS')
    t.same(res405.json(), body405('DELETE', '/users/1', 'GET, HEAD, OPTIONS'))
    t.same(helmetHeaders(res405), expected, '405')

    const res501 = await app.inject({ method: 'PROPFIND' as 'GET', url: '/users/1' })
    t.equal(res501.statusCode, 501)
    t.same(helmetHeaders(res501), expected, '501')

    const options = await app.inject({ method: 'OPTIONS', url: '/users/1' })
    t.equal(options.statusCode, 200)
    t.equal(options.headers.allow, 'GET, HEAD, OPTIONS')
    t.same(helmetHeaders(options), expected, 'automatic OPTIONS')

    const res404 = await app.inject({ method: 'DELETE', url: '/nothing' })
    t.equal(res404.statusCode, 404)
    t.same(helmetHeaders(res404), expected, '404')
  })
}
