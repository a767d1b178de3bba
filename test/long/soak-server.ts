/**
 * The server side of `npm run soak`, in a process of its own so that the
 * load generator does not share its event loop. Started by test/long/soak.ts
 * with an IPC channel: sends { port } when listening, answers 'stats' with the
 * server-side latency (reply.elapsedTime) of each traffic class, and closes on 'close'.
 */
import { buildFloodApp } from '../helpers/fuzz-flood'

// Fixed buckets of 10 µs up to 100 ms: enough resolution for a p99, no dependency.
const bucketMicros = 10
const buckets = 10_000

class Histogram {
  counts = new Uint32Array(buckets + 1)
  total = 0
  record (milliseconds: number): void {
    this.counts[Math.min(buckets, Math.floor(milliseconds * 1000 / bucketMicros))]++
    this.total++
  }

  percentile (p: number): number {
    const wanted = Math.ceil(this.total * p / 100)
    let seen = 0
    for (let index = 0; index <= buckets; index++) {
      seen += this.counts[index]
      if (seen >= wanted) return (index + 1) * bucketMicros / 1000
    }
    return 0
  }
}

const classes = new Map<string, Histogram>()

function classOf (method: string, status: number): string {
  if (method === 'OPTIONS' && status === 200) return 'automatic OPTIONS'
  return String(status)
}

async function main (): Promise<void> {
  const app = await buildFloodApp(instance => {
    instance.addHook('onResponse', (request, reply, done) => {
      const name = classOf(request.method, reply.statusCode)
      let histogram = classes.get(name)
      if (histogram === undefined) classes.set(name, histogram = new Histogram())
      histogram.record(reply.elapsedTime)
      done()
    })
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const send = (message: unknown): void => { process.send?.(message) }
  process.on('message', (message: string) => {
    if (message === 'stats') {
      const stats: Record<string, { count: number, p50: number, p99: number }> = {}
      for (const [name, histogram] of classes) {
        stats[name] = { count: histogram.total, p50: histogram.percentile(50), p99: histogram.percentile(99) }
      }
      send({ stats, memory: process.memoryUsage() })
      classes.clear()
    } else if (message === 'close') {
      app.close().then(() => process.exit(0), () => process.exit(1))
    }
  })
  send({ port: (app.server.address() as { port: number }).port })
}

main().catch(error => {
  console.error(error)
  process.exit(1)
})
