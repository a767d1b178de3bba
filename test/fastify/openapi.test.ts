import t from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import swagger, { type SwaggerOptions } from '@fastify/swagger'
import methodNotAllowed from '../../lib/plugin'
import { deprecationsPerMethod } from '../../lib/integrations/openapi'
import type { FastifyMethodNotAllowedOptions } from '../../types/index'

// The document @fastify/swagger generates (dynamic mode, OpenAPI 3 and
// Swagger 2) from an app whose routes deprecate and retire methods: the
// Operation Object's `deprecated` (OpenAPI 3.x §4.8.10, Swagger 2.0
// Operation Object), and no operation for a retired method.

type Mode = 'openapi' | 'swagger'
type Placement = 'plugin before swagger' | 'plugin after swagger'
type Operation = Record<string, unknown>
type Paths = Record<string, Record<string, Operation>>

const since = '2026-12-01'
const sunset = '2027-06-30'
const link = 'https://api.example/changes/settings'
const before = Date.parse('2027-01-15')
const after = Date.parse('2027-07-01')
const key = 'x-deprecated-methods'

interface Setup {
  mode?: Mode
  placement?: Placement
  clock?: { now: number }
  swaggerOptions?: Partial<SwaggerOptions>
  options?: FastifyMethodNotAllowedOptions
}

async function generate (declare: (app: FastifyInstance) => void, setup: Setup = {}): Promise<Paths> {
  const { mode = 'openapi', placement = 'plugin before swagger', clock = { now: before } } = setup
  const app = Fastify()
  const plugin = async (): Promise<void> => { await app.register(methodNotAllowed, { clock: () => clock.now, ...setup.options }) }
  if (placement === 'plugin before swagger') await plugin()
  await app.register(swagger, {
    ...(mode === 'openapi' ? { openapi: { info: { title: 'settings', version: '1.0.0' } } } : { swagger: { info: { title: 'settings', version: '1.0.0' } } }),
    ...setup.swaggerOptions
  } as SwaggerOptions)
  if (placement === 'plugin after swagger') await plugin()
  declare(app)
  await app.ready()
  const document = app.swagger() as unknown as { paths: Paths }
  await app.close()
  return document.paths
}

/** The document of the same routes declared without any deprecation, and without the plugin. */
async function baseline (declare: (app: FastifyInstance) => void, mode: Mode = 'openapi'): Promise<Paths> {
  const app = Fastify()
  await app.register(swagger, mode === 'openapi' ? { openapi: { info: { title: 'settings', version: '1.0.0' } } } : { swagger: { info: { title: 'settings', version: '1.0.0' } } })
  declare(app)
  await app.ready()
  const document = app.swagger() as unknown as { paths: Paths }
  await app.close()
  return document.paths
}

const settingsSchema = { tags: ['settings'], summary: 'The settings', body: { type: 'object' } }

/** GET and PATCH live; PUT deprecated until its sunset; POST declared retired. */
function settings (app: FastifyInstance, deprecate = true): void {
  app.get('/settings', { schema: { tags: ['settings'], summary: 'Read the settings' } }, async () => ({}))
  app.patch('/settings', { schema: settingsSchema }, async () => ({}))
  app.put('/settings', {
    schema: { ...settingsSchema, description: 'Replaces the settings.' },
    config: deprecate ? { methodNotAllowed: { deprecated: { PUT: { since, sunset, use: 'PATCH', link } } } } : {}
  }, async () => ({}))
  app.post('/settings', {
    schema: settingsSchema,
    config: deprecate ? { methodNotAllowed: { deprecated: { POST: { retired: true, use: 'PATCH' } } } } : {}
  }, async () => ({}))
}

const putSentence = `**PUT is deprecated since ${since} and answers 405 from ${sunset} (its sunset)**; use PATCH instead. See <${link}>.`

for (const mode of ['openapi', 'swagger'] as const) {
  for (const placement of ['plugin before swagger', 'plugin after swagger'] as const) {
    t.test(`${mode}, ${placement}: before its sunset, a deprecated method's operation is deprecated, with its dates, successor and link; a method declared retired is not listed`, async t => {
      const paths = await generate(settings, { mode, placement })
      const plain = await baseline(settings, mode)
      t.same(Object.keys(paths['/settings']).sort(), ['get', 'patch', 'put'])
      t.same(paths['/settings'].get, plain['/settings'].get, 'GET as without the plugin')
      t.same(paths['/settings'].patch, plain['/settings'].patch, 'PATCH as without the plugin')
      t.same(paths['/settings'].put, {
        ...plain['/settings'].put,
        deprecated: true,
        [key]: { PUT: { since, sunset, use: 'PATCH', link } },
        description: `Replaces the settings.\n\n${putSentence}`
      })
    })
  }

  t.test(`${mode}: after its sunset, a retired method is not listed; the others are as without the plugin`, async t => {
    const paths = await generate(settings, { mode, clock: { now: after } })
    const plain = await baseline(settings, mode)
    t.same(paths['/settings'], { get: plain['/settings'].get, patch: plain['/settings'].patch })
  })
}

t.test('the document describes the API as the app started: a sunset that passes later leaves it as it was', async t => {
  const clock = { now: before }
  const app = Fastify()
  await app.register(methodNotAllowed, { clock: () => clock.now })
  await app.register(swagger, { openapi: { info: { title: 'settings', version: '1.0.0' } } })
  settings(app)
  await app.ready()
  clock.now = after
  const paths = (app.swagger() as unknown as { paths: Paths }).paths
  t.same(Object.keys(paths['/settings']).sort(), ['get', 'patch', 'put'])
  t.equal(paths['/settings'].put.deprecated, true)
  t.equal((await app.inject({ method: 'PUT', url: '/settings' })).statusCode, 405, 'while the route answers 405 from its sunset on')
  await app.close()
})

t.test('a deprecated method without a sunset, successor or link says only since when', async t => {
  const paths = await generate(app => {
    app.delete('/sessions', { config: { methodNotAllowed: { deprecated: { DELETE: { since } } } } }, async () => ({}))
    app.delete('/tokens', { schema: { description: '' }, config: { methodNotAllowed: { deprecated: { DELETE: { since } } } } }, async () => ({}))
  })
  t.equal(paths['/tokens'].delete.description, `**DELETE is deprecated since ${since}**.`, 'an empty description is none')
  t.same(paths['/sessions'].delete, {
    deprecated: true,
    [key]: { DELETE: { since } },
    description: `**DELETE is deprecated since ${since}**.`,
    responses: { 200: { description: 'Default Response' } }
  })
})

/** One route serving GET, PUT and POST: PUT deprecated, POST retired at the clock's time. */
function shared (app: FastifyInstance): void {
  app.route({
    method: ['GET', 'PUT', 'POST'],
    url: '/profile',
    schema: { summary: 'The profile', description: 'One handler for all.' },
    config: { methodNotAllowed: { deprecated: { PUT: { since, sunset }, POST: { since, sunset: '2027-01-01', link } } } },
    handler: async () => ({})
  })
}

const putShared = `**PUT is deprecated since ${since} and answers 405 from ${sunset} (its sunset)**.`
const postRetired = `**POST is retired since 2027-01-01 and answers 405**. See <${link}>.`

t.test('one route serving several methods: without deprecationsPerMethod, the one operation says which of its methods are deprecated or retired', async t => {
  const paths = await generate(shared)
  const operation = {
    summary: 'The profile',
    description: `One handler for all.\n\n${putShared}\n\n${postRetired}`,
    [key]: { PUT: { since, sunset }, POST: { since, sunset: '2027-01-01', link, retired: true } },
    responses: { 200: { description: 'Default Response' } }
  }
  t.same(paths['/profile'], { get: operation, put: operation, post: operation })
})

for (const mode of ['openapi', 'swagger'] as const) {
  t.test(`${mode}: deprecationsPerMethod gives each method its own operation: deprecated for PUT, none for the retired POST, GET as declared`, async t => {
    const paths = await generate(shared, { mode, swaggerOptions: { transformObject: deprecationsPerMethod } })
    const responses = { 200: { description: 'Default Response' } }
    t.same(paths['/profile'], {
      get: { summary: 'The profile', description: 'One handler for all.', responses },
      put: { summary: 'The profile', description: `One handler for all.\n\n${putShared}`, [key]: { PUT: { since, sunset } }, deprecated: true, responses }
    })
  })
}

t.test('deprecationsPerMethod leaves a document without deprecations as it is, and keeps an operation\'s own deprecated and description', async t => {
  const plain = await generate(settings.bind(null), { swaggerOptions: { transformObject: deprecationsPerMethod } })
  t.same(plain, await generate(settings))
  const untouched = await generate(app => { settings(app, false) }, { swaggerOptions: { transformObject: deprecationsPerMethod } })
  t.same(untouched, await baseline(app => { settings(app, false) }))
  const own = await generate(app => {
    app.route({
      method: ['GET', 'PUT'],
      url: '/legacy',
      schema: { deprecated: true },
      config: { methodNotAllowed: { deprecated: { PUT: { since } } } },
      handler: async () => ({})
    })
  }, { swaggerOptions: { transformObject: deprecationsPerMethod } })
  t.same(own['/legacy'].get, { deprecated: true, responses: { 200: { description: 'Default Response' } } })
  t.equal(own['/legacy'].put.description, `**PUT is deprecated since ${since}**.`)
  t.same(deprecationsPerMethod({ swaggerObject: {} }), {})
})

t.test('deprecationsPerMethod keeps a description an app\'s transform rewrote', async t => {
  const paths = await generate(shared, {
    swaggerOptions: {
      transform: ({ schema, url }) => ({ schema: { ...schema, description: 'Rewritten.' } as typeof schema, url }),
      transformObject: deprecationsPerMethod
    }
  })
  t.equal(paths['/profile'].get.description, 'Rewritten.')
  t.equal(paths['/profile'].put.description, `Rewritten.\n\n${putShared}`)
})

t.test('a route serving several methods, all deprecated, is deprecated without deprecationsPerMethod; one whose every method is retired is not listed', async t => {
  const paths = await generate(app => {
    app.route({ method: ['PUT', 'PATCH'], url: '/old', config: { methodNotAllowed: { deprecated: { PUT: { since }, PATCH: { since, sunset } } } }, handler: async () => ({}) })
    app.route({ method: ['PUT', 'PATCH'], url: '/gone', config: { methodNotAllowed: { deprecated: { PUT: { retired: true }, PATCH: { since, sunset: '2027-01-01' } } } }, handler: async () => ({}) })
    app.route({ method: ['PUT', 'PATCH'], url: '/half', config: { methodNotAllowed: { deprecated: { PUT: { retired: true }, PATCH: { since } } } }, handler: async () => ({}) })
  })
  t.equal(paths['/old'].put.deprecated, true)
  t.equal(paths['/old'].patch, paths['/old'].put)
  t.equal(paths['/gone'], undefined)
  t.equal(paths['/half'].patch.deprecated, true, 'what it still serves is deprecated')
})

t.test('a route\'s schema object is copied: another route sharing it is documented as declared', async t => {
  const schema = { summary: 'Shared' }
  const declare = (app: FastifyInstance): void => {
    app.get('/a', { schema }, async () => ({}))
    app.put('/a', { schema, config: { methodNotAllowed: { deprecated: { PUT: { since } } } } }, async () => ({}))
  }
  const paths = await generate(declare)
  // Fastify marks the schema as normalised (a symbol key); its fields are as declared.
  t.equal(JSON.stringify(schema), '{"summary":"Shared"}')
  t.same(paths['/a'].get, { summary: 'Shared', responses: { 200: { description: 'Default Response' } } })
  t.equal(paths['/a'].put.deprecated, true)
})

t.test('routes hidden from swagger stay hidden, whatever their deprecations; routes hidden from the plugin are listed as swagger decides', async t => {
  const paths = await generate(app => {
    app.put('/hidden', { schema: { hide: true }, config: { methodNotAllowed: { deprecated: { PUT: { since } } } } }, async () => ({}))
    app.put('/tagged', { schema: { tags: ['X-HIDDEN'] }, config: { methodNotAllowed: { deprecated: { PUT: { since } } } } }, async () => ({}))
    app.put('/shown', { schema: { hide: false }, config: { methodNotAllowed: { deprecated: { PUT: { since } } } } }, async () => ({}))
    app.get('/admin', { config: { methodNotAllowed: false } }, async () => ({}))
  })
  t.same(Object.keys(paths).sort(), ['/admin', '/shown'])
  t.equal(paths['/shown'].put.deprecated, true)
})

t.test('with exposeHeadRoutes, the HEAD of a deprecated GET is deprecated too, and gone with it', async t => {
  const declare = (app: FastifyInstance): void => {
    app.route({ method: ['GET', 'PUT'], url: '/feed', config: { methodNotAllowed: { deprecated: { PUT: { since } } } }, handler: async () => ({}) })
    app.get('/old-feed', { config: { methodNotAllowed: { deprecated: { GET: { since, sunset } } } } }, async () => ({}))
  }
  const beforeSunset = await generate(declare, { swaggerOptions: { exposeHeadRoutes: true } })
  t.equal(beforeSunset['/old-feed'].head.deprecated, true)
  t.same(beforeSunset['/old-feed'].head[key], { HEAD: { since, sunset } })
  t.equal(beforeSunset['/feed'].head.deprecated, undefined, 'the HEAD of a GET that is not deprecated')
  const afterSunset = await generate(declare, { swaggerOptions: { exposeHeadRoutes: true }, clock: { now: after } })
  t.equal(afterSunset['/old-feed'], undefined)
})

t.test('OpenAPI 3.2: a method added with addHttpMethod is split in additionalOperations, and dropped there once retired', async t => {
  const declare = (app: FastifyInstance): void => {
    app.addHttpMethod('PURGE')
    app.route({ method: ['GET', 'PURGE'], url: '/cache', config: { methodNotAllowed: { deprecated: { PURGE: { since, sunset } } } }, handler: async () => ({}) })
  }
  const options = { swaggerOptions: { openapi: { openapi: '3.2.0', info: { title: 'cache', version: '1.0.0' } }, transformObject: deprecationsPerMethod } }
  const live = await generate(declare, options) as unknown as Record<string, { get: Operation, additionalOperations?: Record<string, Operation> }>
  t.equal(live['/cache'].get.deprecated, undefined)
  t.equal(live['/cache'].additionalOperations?.PURGE.deprecated, true)
  const retired = await generate(declare, { ...options, clock: { now: after } }) as unknown as Record<string, Record<string, unknown>>
  t.same(Object.keys(retired['/cache']), ['get'])
})

t.test('only the routes that deprecate a method get a schema from the plugin', async t => {
  const app = Fastify()
  await app.register(methodNotAllowed, { clock: () => before })
  // Added after the plugin's, so it sees each route as the plugin left it.
  const schemas: Array<[unknown, unknown]> = []
  app.addHook('onRoute', route => { schemas.push([route.method, route.schema]) })
  app.get('/settings', async () => ({}))
  app.put('/settings', { config: { methodNotAllowed: { deprecated: { PUT: { since } } } } }, async () => ({}))
  await app.ready()
  t.same(schemas.map(([method, schema]) => [method, schema === undefined ? undefined : Object.keys(schema as object).sort()]), [
    ['GET', undefined],
    ['HEAD', undefined],
    ['PUT', ['deprecated', 'description', key]]
  ])
  await app.close()
})

t.test('routes that declare the same deprecations with the same schema, or none, share one documented schema', async t => {
  const app = Fastify()
  await app.register(methodNotAllowed, { clock: () => before })
  const schemas = new Map<string, unknown>()
  app.addHook('onRoute', route => { schemas.set(`${route.method as string} ${route.url}`, route.schema) })
  const deprecated = { PUT: { since } }
  const tagged = { tags: ['items'] }
  for (const url of ['/a', '/b']) app.put(url, { config: { methodNotAllowed: { deprecated: { PUT: { since } } } } }, async () => ({}))
  for (const url of ['/c', '/d']) app.put(url, { schema: tagged, config: { methodNotAllowed: { deprecated } } }, async () => ({}))
  app.put('/e', { schema: { tags: ['items'] }, config: { methodNotAllowed: { deprecated } } }, async () => ({}))
  app.put('/f', { config: { methodNotAllowed: { deprecated: { PUT: { since, sunset: '2040-01-01' } } } } }, async () => ({}))
  app.route({ method: ['PUT', 'POST'], url: '/g', config: { methodNotAllowed: { deprecated } }, handler: async () => ({}) })
  await app.ready()
  t.equal(schemas.get('PUT /a'), schemas.get('PUT /b'))
  t.equal(schemas.get('PUT /c'), schemas.get('PUT /d'))
  t.not(schemas.get('PUT /c'), schemas.get('PUT /a'), 'another schema')
  t.not(schemas.get('PUT /e'), schemas.get('PUT /c'), 'another schema object, equal or not')
  t.not(schemas.get('PUT /f'), schemas.get('PUT /a'), 'other deprecations')
  t.not(schemas.get('PUT,POST /g'), schemas.get('PUT /a'), 'other methods')
  // Fastify marks a schema as normalised with a symbol key: the fields as JSON.
  t.same(JSON.parse(JSON.stringify(schemas.get('PUT /c'))), { tags: ['items'], [key]: { PUT: { since } }, description: `**PUT is deprecated since ${since}**.`, deprecated: true })
  await app.close()
})

t.test('a shared documented schema follows the clock: routes declared on either side of a sunset are documented as each was', async t => {
  const clock = { now: before }
  const app = Fastify()
  await app.register(methodNotAllowed, { clock: () => clock.now })
  const schemas = new Map<string, { hide?: boolean, [key]: unknown } | undefined>()
  app.addHook('onRoute', route => { schemas.set(route.url, route.schema as never) })
  const deprecated = { PUT: { since, sunset } }
  app.put('/early', { config: { methodNotAllowed: { deprecated } } }, async () => ({}))
  clock.now = after
  app.put('/late', { config: { methodNotAllowed: { deprecated } } }, async () => ({}))
  await app.ready()
  t.equal(schemas.get('/early')?.hide, undefined)
  t.equal(schemas.get('/late')?.hide, true)
  await app.close()
})
