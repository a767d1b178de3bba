import t from 'tap'
import Fastify from 'fastify'
import { readRoutes, matchingOptions } from '../lib/fastify-edge'
import { buildRouteTable } from '../lib/route-table'

/** The candidates of an app's route table: `HEAD=` where HEAD takes the lookup of the method before it. */
async function candidatesOf (declare: (app: ReturnType<typeof Fastify>) => void): Promise<string[]> {
  const app = Fastify()
  declare(app)
  await app.ready()
  const read = (methods: readonly string[] = app.supportedMethods): ReturnType<typeof readRoutes> => readRoutes(app, methods)
  const table = buildRouteTable(app.supportedMethods, read(), { options: matchingOptions(app), read, autoOptions: true, catchAllIsResource: false, now: Date.now })
  return table.candidates.map(({ method, same }) => same === true ? `${method}=` : method)
}

t.test('the HEAD routes Fastify exposes for GET routes share their lookup', async t => {
  t.same(await candidatesOf(app => {
    app.get('/posts/:id', async () => 'post')
    app.get('/files/*', { constraints: { version: '1.0.0' } }, async () => 'file')
    app.put('/posts/:id', async () => 'put')
  }), ['GET', 'HEAD=', 'OPTIONS', 'PUT'])
  t.same(await candidatesOf(app => {
    app.get('/a', { exposeHeadRoute: false }, async () => 'a')
    app.head('/a', async () => '')
  }), ['GET', 'HEAD=', 'OPTIONS'], 'a HEAD route declared at the same pattern')
})

t.test('methods with other routes, other constraints or another order ask for themselves', async t => {
  t.same(await candidatesOf(app => {
    app.get('/posts/:id', { exposeHeadRoute: false }, async () => 'post')
    app.head('/posts/:id/', async () => '')
  }), ['GET', 'HEAD', 'OPTIONS'], 'another pattern')
  t.same(await candidatesOf(app => {
    app.get('/h', { exposeHeadRoute: false, constraints: { host: /^a\./ } }, async () => 'a')
    app.head('/h', { constraints: { host: /^a\./ } }, async () => '')
  }), ['GET', 'HEAD', 'OPTIONS'], 'a RegExp declared twice')
  t.same(await candidatesOf(app => {
    app.get('/h', { exposeHeadRoute: false, constraints: { host: 'a.example' } }, async () => 'a')
    app.head('/h', { constraints: { version: '1.0.0' } }, async () => '')
  }), ['GET', 'HEAD', 'OPTIONS'], 'another constraint')
  t.same(await candidatesOf(app => {
    app.get('/r/:a(^\\d+)a', { exposeHeadRoute: false }, async () => 'digits')
    app.get('/r/:b(^\\w+)b', { exposeHeadRoute: false }, async () => 'word')
    app.head('/r/:b(^\\w+)b', async () => '')
    app.head('/r/:a(^\\d+)a', async () => '')
  }), ['GET', 'HEAD', 'OPTIONS'], 'regex siblings in another order')
  t.same(await candidatesOf(app => {
    app.get('/a', { exposeHeadRoute: false }, async () => 'a')
    app.put('/a', async () => '')
  }), ['GET', 'OPTIONS', 'PUT'], 'OPTIONS between them')
})
