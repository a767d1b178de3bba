import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify'
import methodNotAllowed from '../../lib/plugin'

/**
 * Floods: many requests to unique URLs, in process (inject) or over loopback
 * (autocannon), with a mix of 200, 404, 405, automatic OPTIONS and 501, each
 * answer checked. Used by test/long/flood.test.ts (short) and test/long/soak.ts.
 */

export interface FloodRequest {
  method: string
  url: string
  status: number
}

export type TrafficClass = 'ok' | 'notFound' | 'methodNotAllowed' | 'options' | 'notImplemented'

const ok = async (): Promise<string> => 'ok'

/** The app every flood runs against: a few resources, a wildcard, a hidden route, a prefix. */
export async function buildFloodApp (extra?: (app: FastifyInstance) => void): Promise<FastifyInstance> {
  const app = Fastify({ forceCloseConnections: true })
  await app.register(methodNotAllowed)
  extra?.(app)
  app.get('/', ok)
  app.get('/users/:id', ok)
  app.put('/users/:id', ok)
  app.delete('/users/:id', ok)
  app.get('/users/:id/posts/:post', ok)
  app.post('/users/:id/posts', ok)
  app.get('/files/*', ok)
  app.get('/internal/:key', { config: { methodNotAllowed: false } }, ok)
  await app.register(async api => {
    api.get('/items/:from-:to', ok)
    api.patch('/items/:id', ok)
  }, { prefix: '/api/v1' })
  await app.ready()
  return app
}

/**
 * Request number `i` of a flood: every URL is new (the counter is in it), so
 * nothing can be served from a cache keyed by URL, and a leak per URL shows.
 */
export function floodRequest (i: number, only?: TrafficClass): FloodRequest {
  const id = i.toString(36)
  const kind = only ?? (['ok', 'notFound', 'methodNotAllowed', 'options', 'methodNotAllowed', 'notFound', 'notImplemented', 'ok'] as const)[i % 8]
  const variant = Math.floor(i / 8) % 4
  switch (kind) {
    case 'ok':
      return [
        { method: 'GET', url: `/users/${id}`, status: 200 },
        { method: 'GET', url: `/files/${id}/${id}.txt`, status: 200 },
        { method: 'GET', url: `/api/v1/items/${id}-z`, status: 200 },
        { method: 'POST', url: `/users/${id}/posts`, status: 200 }
      ][variant]
    case 'notFound':
      return [
        { method: 'GET', url: `/nothing/${id}`, status: 404 },
        { method: 'DELETE', url: `/users/${id}/x/${id}`, status: 404 },
        { method: 'DELETE', url: `/internal/${id}`, status: 404 },
        { method: 'GET', url: `/api/v2/${id}?q=${id}`, status: 404 }
      ][variant]
    case 'methodNotAllowed':
      return [
        { method: 'POST', url: `/users/${id}`, status: 405 },
        { method: 'DELETE', url: `/files/${id}`, status: 405 },
        { method: 'PUT', url: `/users/${id}/posts/${id}?page=${id}`, status: 405 },
        { method: 'DELETE', url: `/api/v1/items/${id}`, status: 405 }
      ][variant]
    case 'options':
      return [
        { method: 'OPTIONS', url: `/users/${id}`, status: 200 },
        { method: 'OPTIONS', url: `/files/${id}/a`, status: 200 },
        { method: 'OPTIONS', url: `/nothing/${id}`, status: 404 },
        { method: 'OPTIONS', url: `/api/v1/items/${id}-${id}`, status: 200 }
      ][variant]
    case 'notImplemented':
      return { method: ['SEARCH', 'PROPFIND', 'PURGE', 'REPORT'][variant], url: `/users/${id}`, status: 501 }
  }
}

let collect: (() => void) | undefined
/** A full garbage collection, without starting Node with --expose-gc. */
export function gc (): void {
  if (collect === undefined) {
    setFlagsFromString('--expose-gc')
    collect = runInNewContext('gc') as () => void
  }
  collect()
}

const tick = async (): Promise<void> => await new Promise(resolve => setImmediate(resolve))

/** What could leak besides heap: listeners and live handles (sockets, timers, immediates). */
export function resources (app: FastifyInstance): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const event of app.server.eventNames()) counts[`server:${String(event)}`] = app.server.listenerCount(event)
  for (const event of process.eventNames()) counts[`process:${String(event)}`] = process.listenerCount(event)
  for (const resource of process.getActiveResourcesInfo()) counts[`active:${resource}`] = (counts[`active:${resource}`] ?? 0) + 1
  return counts
}

/**
 * heapUsed after the garbage of the last requests is gone: several full
 * collections with the event loop turning in between, because V8 also drops
 * the bytecode of functions unused for a few collections (the warm-up's
 * module loading), which would otherwise shrink the heap during the flood.
 */
async function settledHeap (): Promise<number> {
  let heap = Infinity
  for (let round = 0; round < 4; round++) {
    await tick()
    gc()
    heap = Math.min(heap, process.memoryUsage().heapUsed)
  }
  return heap
}

export interface FloodResult {
  requests: number
  /** Answers whose status was not the expected one (the first few are kept). */
  mismatches: number
  examples: string[]
  /** heapUsed after a full GC, after the flood minus before it (after a warm-up). */
  heapGrowth: number
  resourcesBefore: Record<string, number>
  resourcesAfter: Record<string, number>
  milliseconds: number
}

/**
 * Sends `total` requests through inject() after `warmUp` more, checking every
 * status. Yields to the event loop every `batch` requests: inject() leaves
 * its cleanup to setImmediate, and a loop that never yields would keep every
 * response alive and measure that instead of the plugin.
 */
export async function floodInProcess (app: FastifyInstance, total: number, options: { warmUp?: number, batch?: number, onProgress?: (done: number) => void } = {}): Promise<FloodResult> {
  const warmUp = options.warmUp ?? 20_000
  const batch = options.batch ?? 1000
  let mismatches = 0
  const examples: string[] = []

  async function run (from: number, count: number): Promise<void> {
    for (let done = 0; done < count; done += batch) {
      const size = Math.min(batch, count - done)
      const answers = await Promise.all(Array.from({ length: size }, async (_, k) => {
        const request = floodRequest(from + done + k)
        const response = await app.inject({ method: request.method, url: request.url, validate: false } as InjectOptions)
        return [request, response.statusCode] as const
      }))
      for (const [request, status] of answers) {
        if (status === request.status) continue
        mismatches++
        if (examples.length < 5) examples.push(`${request.method} ${request.url}: ${status}, expected ${request.status}`)
      }
      await tick()
      options.onProgress?.(done + size)
    }
  }

  await run(0, warmUp)
  const heapBefore = await settledHeap()
  const resourcesBefore = resources(app)
  const started = Date.now()
  await run(warmUp, total)
  const milliseconds = Date.now() - started
  const heapGrowth = await settledHeap() - heapBefore
  return { requests: total, mismatches, examples, heapGrowth, resourcesBefore, resourcesAfter: resources(app), milliseconds }
}
