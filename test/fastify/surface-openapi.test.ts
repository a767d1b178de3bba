import t from 'tap'
import { checkSurface } from '../../lib/surface/check'
import { appFromDocument } from '../helpers/openapi-app'

// Documents no one here wrote: Swagger's Petstore (server base path /v2) and
// GitHub's REST API description (hundreds of paths, real deprecated operations).

const petstore = require('@readme/oas-examples/3.0/json/petstore.json') as { paths: Record<string, Record<string, { deprecated?: boolean }>> }

const github = require('@octokit/openapi/generated/api.github.com.json') as typeof petstore

t.test('Petstore: an app serving the document under its server base path checks clean', async t => {
  const app = await appFromDocument(petstore, { prefix: '/v2' })
  t.strictSame(checkSurface(app.methodSurface(), petstore), [])
  // The document's base path given explicitly, and an app without the prefix checked against a base path of ''.
  t.strictSame(checkSurface(app.methodSurface(), petstore, { basePath: '/v2/' }), [])
  const bare = await appFromDocument(petstore)
  t.strictSame(checkSurface(bare.methodSurface(), petstore, { basePath: '' }), [])
})

t.test('Petstore: a dropped method, an undocumented one and a retired one are reported exactly', async t => {
  const app = await appFromDocument(petstore, {
    prefix: '/v2',
    drop: ['DELETE /pet/{petId}', 'GET /store/inventory'],
    retire: ['PUT /user/{username}'],
    extend: async app => { await app.register(async api => { api.patch('/pet/:petId', async () => 'x') }, { prefix: '/v2' }) }
  })
  t.strictSame(checkSurface(app.methodSurface(), petstore), [
    { kind: 'missing', method: 'DELETE', path: '/pet/{petId}', route: '/v2/pet/:petId', status: 405 },
    { kind: 'undocumented', method: 'PATCH', route: '/v2/pet/:petId' },
    // Fastify serves PATCH /v2/pet/findByStatus with the /v2/pet/:petId route, as the 405's Allow says.
    { kind: 'undocumented', method: 'PATCH', route: '/v2/pet/findByStatus' },
    { kind: 'undocumented', method: 'PATCH', route: '/v2/pet/findByTags' },
    { kind: 'missing', method: 'GET', path: '/store/inventory', status: 404 },
    { kind: 'missing', method: 'PUT', path: '/user/{username}', route: '/v2/user/:username', status: 405, retired: true }
  ])
})

t.test('Petstore: routes outside the document\'s base path are not its business', async t => {
  const app = await appFromDocument(petstore, { prefix: '/v2', extend: app => { app.get('/health', async () => 'ok') } })
  t.strictSame(checkSurface(app.methodSurface(), petstore), [])
  t.strictSame(checkSurface(app.methodSurface(), petstore, { basePath: '' }).filter(finding => finding.kind === 'undocumented' && finding.route === '/health'), [
    { kind: 'undocumented', method: 'GET', route: '/health' }
  ])
})

t.test('GitHub REST: the whole API checks clean, deprecated operations included', async t => {
  const app = await appFromDocument(github)
  const surface = app.methodSurface()
  t.equal(Object.keys(surface).length, Object.keys(github.paths).length)
  const deprecated = Object.entries(github.paths).flatMap(([path, item]) => Object.entries(item)
    .filter(([, operation]) => operation?.deprecated === true)
    .map(([method]) => surface[path.replace(/\{([^}]*)\}/g, (_, name: string) => ':' + name.replace(/\W/g, '_'))].deprecated?.[method.toUpperCase()]))
  t.equal(deprecated.length, 37, 'the document deprecates 37 operations')
  t.ok(deprecated.every(deprecation => deprecation?.retired === false), 'each deprecated, not retired, on its own pattern')
  t.strictSame(checkSurface(surface, github), [])
})

t.test('GitHub REST: a dropped method, an undocumented one, a retired one and deprecation mismatches', async t => {
  const app = await appFromDocument(github, {
    drop: ['DELETE /repos/{owner}/{repo}', 'GET /classrooms'],
    retire: ['GET /assignments/{assignment_id}/grades', 'PATCH /repos/{owner}/{repo}'],
    // Undocumented: PUT on a documented path, and a path of its own.
    extend: app => {
      app.put('/gitignore/templates', async () => 'x')
      app.get('/emojis-v2', async () => 'x')
    }
  })
  t.strictSame(checkSurface(app.methodSurface(), github), [
    { kind: 'missing', method: 'GET', path: '/assignments/{assignment_id}/grades', route: '/assignments/:assignment_id/grades', status: 405, retired: true },
    { kind: 'missing', method: 'GET', path: '/classrooms', status: 404 },
    { kind: 'undocumented', method: 'GET', route: '/emojis-v2' },
    { kind: 'undocumented', method: 'PUT', route: '/gitignore/templates' },
    { kind: 'missing', method: 'DELETE', path: '/repos/{owner}/{repo}', route: '/repos/:owner/:repo', status: 405 },
    { kind: 'missing', method: 'PATCH', path: '/repos/{owner}/{repo}', route: '/repos/:owner/:repo', status: 405, retired: true }
  ])
})

t.test('deprecation mismatches both ways, on a document of our own', async t => {
  const document = {
    servers: [{ url: 'https://{host}/{base}', variables: { host: { default: 'api.example' }, base: { default: 'v3' } } }],
    paths: {
      '/things/{id}': { get: { deprecated: true }, delete: {}, put: {} },
      '/things/me': { get: {} },
      '/other': { parameters: [], get: null }
    }
  }
  const app = await appFromDocument({ paths: { '/things/{thing}': { get: {}, delete: { deprecated: true }, put: {} } } }, { prefix: '/v3' })
  t.strictSame(checkSurface(app.methodSurface(), document), [
    { kind: 'deprecation', method: 'DELETE', path: '/things/{id}', route: '/v3/things/:thing', document: false, server: true },
    { kind: 'deprecation', method: 'GET', path: '/things/{id}', route: '/v3/things/:thing', document: true, server: false }
  ])
})
