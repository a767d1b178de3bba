import t from 'tap'
import { buildFloodApp, floodInProcess } from '../helpers/fuzz-flood'
import { cannon } from '../helpers/fuzz-cannon'
import { listen } from '../helpers/raw'

// Short versions of the floods; `npm run soak` runs the long ones
// (1,000,000 requests in process, a 60 s autocannon run on loopback).
const requests = Number(process.env.FLOOD_REQUESTS ?? 100_000)
const MB = 1024 * 1024

t.test(`${requests} in-process requests to unique URLs: every answer right, heap flat, nothing left behind`, async t => {
  const app = await buildFloodApp()
  t.teardown(() => app.close())
  const result = await floodInProcess(app, requests)
  t.comment(`${requests} requests in ${result.milliseconds} ms; heap after GC grew by ${(result.heapGrowth / MB).toFixed(2)} MB`)
  t.equal(result.mismatches, 0, `every status as expected ${result.examples.join('; ')}`)
  t.ok(result.heapGrowth < 5 * MB, `heap after GC grew by less than 5 MB (${(result.heapGrowth / MB).toFixed(2)} MB)`)
  t.same(result.resourcesAfter, result.resourcesBefore, 'no listener, socket, timer or immediate left behind')
})

t.test('the heap check sees a leak of one small object per request', async t => {
  // Control for the test above: the same flood against an app that keeps a
  // record per request must fail the 5 MB bound, or the bound proves nothing.
  const kept: unknown[] = []
  const app = await buildFloodApp(leaky => {
    leaky.addHook('onRequest', (request, _reply, done) => {
      // About 250 bytes a request: what a cache keyed by URL would cost.
      kept.push({ url: request.url, method: request.method, headers: { ...request.headers }, id: request.id, at: Date.now() })
      done()
    })
  })
  t.teardown(() => app.close())
  const result = await floodInProcess(app, Math.ceil(requests / 3), { warmUp: 1000 })
  t.ok(result.heapGrowth > 5 * MB, `a leak of ${kept.length} records shows as ${(result.heapGrowth / MB).toFixed(2)} MB`)
})

// A fixed number of requests rather than a duration: on a busy machine a
// duration may leave too few requests to mean anything.
const cannonRequests = Number(process.env.FLOOD_CANNON_REQUESTS ?? 3000)

t.test(`${cannonRequests} autocannon requests on loopback: mixed traffic, zero errors, zero timeouts, every status right`, async t => {
  const app = await buildFloodApp()
  const port = await listen(t, app)
  const result = await cannon(port, { amount: cannonRequests, connections: 10 })
  t.comment(`${result.requests} requests, ${Math.round(result.requestsPerSecond)} req/s, p99 ${result.latency.p99} ms, statuses ${JSON.stringify(result.statusCodes)}`)
  t.ok(result.requests >= cannonRequests, 'every request was answered')
  t.equal(result.errors, 0, 'no connection errors')
  t.equal(result.timeouts, 0, 'no timeouts')
  t.equal(result.mismatches, 0, `every status as expected ${result.examples.join('; ')}`)
  t.same(Object.keys(result.statusCodes).sort(), ['200', '404', '405'])
})
