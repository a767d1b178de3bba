import t from 'tap'
import Fastify from 'fastify'
import { readRoutes, matchingOptions, routeLookup } from '../../lib/router/fastify-edge'
import { buildRouteTable } from '../../lib/ready/route-table'

/**
 * The candidates the plugin asks about for `path` in an app: `HEAD=GET` where
 * HEAD takes GET's lookup, `(OPTIONS)` where OPTIONS is listed without one.
 */
async function candidatesOf (path: string, declare: (app: ReturnType<typeof Fastify>) => void): Promise<string[] | undefined> {
  const app = Fastify()
  declare(app)
  await app.ready()
  const read = (methods: readonly string[] = app.supportedMethods): ReturnType<typeof readRoutes> => readRoutes(app, methods)
  const table = buildRouteTable(app.supportedMethods, read(), { options: matchingOptions(app), read, lookup: routeLookup(app), scheduleOf: () => undefined, autoOptions: true, catchAllIsResource: false, notImplemented: true, now: Date.now })
  const list = table.candidatesFor(path)
  return list?.methods.map(({ method, ask, same }) => same !== undefined ? `${method}=${list.methods[same].method}` : ask ? method : `(${method})`)
}

const resource = (app: ReturnType<typeof Fastify>): void => {
  app.get('/posts/:id', async () => 'post')
  app.put('/posts/:id', async () => 'put')
  app.delete('/posts/:id', { exposeHeadRoute: false }, async () => 'deleted')
  app.get('/files/*', { constraints: { version: '1.0.0' } }, async () => 'file')
}

t.test('methods served by the same routes under a path\'s first segment share one lookup', async t => {
  t.same(await candidatesOf('/posts/1', resource), ['DELETE', 'GET=DELETE', 'HEAD=DELETE', '(OPTIONS)', 'PUT=DELETE'])
  t.same(await candidatesOf('/files/a', resource), ['GET', 'HEAD=GET', '(OPTIONS)'])
  // Where only the router can tell the segment, all routes count: GET serves /files/* too.
  t.same(await candidatesOf('/p%6Fsts/1', resource), ['DELETE', 'GET', 'HEAD=GET', '(OPTIONS)', 'PUT=DELETE'])
  t.same(await candidatesOf('/a', app => {
    app.get('/a', { exposeHeadRoute: false }, async () => 'a')
    app.head('/a', async () => '')
  }), ['GET', 'HEAD=GET', '(OPTIONS)'], 'a HEAD route declared at the same pattern')
})

t.test('methods with other routes, other constraints or another order ask for themselves', async t => {
  t.same(await candidatesOf('/posts/1', app => {
    app.get('/posts/:id', { exposeHeadRoute: false }, async () => 'post')
    app.head('/posts/:id/', async () => '')
  }), ['GET', 'HEAD', '(OPTIONS)'], 'another pattern')
  t.same(await candidatesOf('/h', app => {
    app.get('/h', { exposeHeadRoute: false, constraints: { host: /^a\./ } }, async () => 'a')
    app.head('/h', { constraints: { host: /^a\./ } }, async () => '')
  }), ['GET', 'HEAD', '(OPTIONS)'], 'a RegExp declared twice')
  t.same(await candidatesOf('/h', app => {
    app.get('/h', { exposeHeadRoute: false, constraints: { host: 'a.example' } }, async () => 'a')
    app.head('/h', { constraints: { version: '1.0.0' } }, async () => '')
  }), ['GET', 'HEAD', '(OPTIONS)'], 'another constraint')
  t.same(await candidatesOf('/r/1a', app => {
    app.get('/r/:a(^\\d+)a', { exposeHeadRoute: false }, async () => 'digits')
    app.get('/r/:b(^\\w+)b', { exposeHeadRoute: false }, async () => 'word')
    app.head('/r/:b(^\\w+)b', async () => '')
    app.head('/r/:a(^\\d+)a', async () => '')
  }), ['GET', 'HEAD', '(OPTIONS)'], 'regex siblings in another order')
  t.same(await candidatesOf('/posts/1', app => {
    app.get('/posts/:id', { exposeHeadRoute: false }, async () => 'post')
    app.put('/posts/:id', async () => 'put')
    app.get('/:slug', { exposeHeadRoute: false }, async () => 'page')
  }), ['GET', '(OPTIONS)', 'PUT'], 'a route that may match under any first segment')
})
