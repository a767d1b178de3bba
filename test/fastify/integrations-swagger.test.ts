import t from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import swagger from '@fastify/swagger'
import methodNotAllowed from '../../lib/plugin'

// The plugin adds no route and no schema: the generated document must be the
// one the same app produces without it, in either registration order.
type Placement = 'without the plugin' | 'plugin before swagger' | 'plugin after swagger'
type Mode = 'openapi' | 'swagger'

const user = {
  type: 'object',
  properties: { id: { type: 'string' }, name: { type: 'string' } },
  required: ['id', 'name']
} as const

function routes (app: FastifyInstance): void {
  app.get('/users', { schema: { tags: ['users'], response: { 200: { type: 'array', items: user } } } }, async () => [])
  app.post('/users', { schema: { tags: ['users'], body: user, response: { 201: user } } }, async () => ({ id: '1', name: 'a' }))
  app.get('/users/:id', { schema: { tags: ['users'], params: { type: 'object', properties: { id: { type: 'string' } } } } }, async () => ({}))
  app.patch('/users/:id', { schema: { tags: ['users'], body: user } }, async () => ({}))
  app.get('/files/*', async () => 'file')
  app.put('/files/*', async () => '')
  app.get('/admin/stats', { config: { methodNotAllowed: false } }, async () => ({}))
}

async function document (placement: Placement, mode: Mode, declare: (app: FastifyInstance) => void = routes): Promise<Record<string, unknown>> {
  const app = Fastify()
  if (placement === 'plugin before swagger') await app.register(methodNotAllowed)
  await app.register(swagger, mode === 'openapi'
    ? { openapi: { info: { title: 'users', version: '1.0.0' } } }
    : { swagger: { info: { title: 'users', version: '1.0.0' } } })
  if (placement === 'plugin after swagger') await app.register(methodNotAllowed)
  declare(app)
  await app.ready()
  const generated = app.swagger() as Record<string, unknown>
  await app.close()
  return generated
}

for (const mode of ['openapi', 'swagger'] as const) {
  t.test(`${mode}: the document is the same with and without the plugin`, async t => {
    const baseline = await document('without the plugin', mode)
    t.same(Object.keys(baseline.paths as object).sort(), ['/admin/stats', '/files/{*}', '/users', '/users/{id}'])
    t.same(await document('plugin before swagger', mode), baseline, 'plugin before swagger')
    t.same(await document('plugin after swagger', mode), baseline, 'plugin after swagger')
  })
}

t.test('a route narrowed with config.methodNotAllowed.allow is documented with the methods it serves', async t => {
  // The plugin narrows the route when it is registered, and swagger reads the
  // route options after that, so the document never lists a method that answers 405.
  const narrowed = (app: FastifyInstance): void => {
    app.route({
      method: ['GET', 'PUT', 'DELETE'],
      url: '/mirror/:id',
      config: { methodNotAllowed: { allow: ['GET'] } },
      handler: async () => 'read only'
    })
  }
  const declaredSo = (app: FastifyInstance): void => {
    app.route({ method: ['GET'], url: '/mirror/:id', handler: async () => 'read only' })
  }
  const expected = await document('without the plugin', 'openapi', declaredSo)
  t.same(Object.keys((expected.paths as Record<string, object>)['/mirror/{id}']), ['get'])
  t.same(await document('plugin before swagger', 'openapi', narrowed), expected, 'plugin before swagger')
  t.same(await document('plugin after swagger', 'openapi', narrowed), expected, 'plugin after swagger')
})
