/**
 * `npm run soak`: the long floods, outside `npm test`.
 *   1. 1,000,000 in-process requests (inject) to unique URLs, a 200/404/405/
 *      OPTIONS/501 mix, every status checked: heap after GC must grow < 5 MB,
 *      and no listener, socket, timer or immediate may be left behind.
 *   2. A 60 s autocannon run on loopback against a server in another process,
 *      mixed 200/404/405/OPTIONS traffic: zero errors, zero timeouts, every
 *      status right; then 404-only and 405-only runs, alternated twice, for
 *      their p99 latency (client side, and reply.elapsedTime server side).
 * Options: --requests N, --seconds S (mixed run), --class-seconds S, --connections C.
 * Runs through tap's TypeScript loader (see package.json).
 */
import { fork } from 'node:child_process'
import { join } from 'node:path'
import { buildFloodApp, floodInProcess } from '../helpers/fuzz-flood'
import { cannon, type CannonResult } from '../helpers/fuzz-cannon'

function argument (name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`)
  return index === -1 ? fallback : Number(process.argv[index + 1])
}

const MB = 1024 * 1024
const failures: string[] = []
const check = (condition: boolean, message: string): void => { if (!condition) failures.push(message) }

interface ServerStats { stats: Record<string, { count: number, p50: number, p99: number }>, memory: NodeJS.MemoryUsage }

async function inProcess (requests: number): Promise<void> {
  const app = await buildFloodApp()
  let next = 100_000
  const result = await floodInProcess(app, requests, {
    onProgress: done => {
      if (done >= next) {
        console.log(`  ${done.toLocaleString('en')} requests`)
        next += 100_000
      }
    }
  })
  await app.close()
  const changed = Object.keys({ ...result.resourcesBefore, ...result.resourcesAfter })
    .filter(key => result.resourcesBefore[key] !== result.resourcesAfter[key])
  console.log(`in process: ${requests.toLocaleString('en')} requests in ${(result.milliseconds / 1000).toFixed(1)} s ` +
    `(${Math.round(requests / result.milliseconds * 1000).toLocaleString('en')} req/s), ${result.mismatches} wrong statuses, ` +
    `heap after GC ${result.heapGrowth >= 0 ? '+' : ''}${(result.heapGrowth / MB).toFixed(2)} MB, ` +
    `resources changed: ${changed.length === 0 ? 'none' : changed.join(', ')}`)
  check(result.mismatches === 0, `in process: ${result.mismatches} wrong statuses (${result.examples.join('; ')})`)
  check(result.heapGrowth < 5 * MB, `in process: heap grew by ${(result.heapGrowth / MB).toFixed(2)} MB`)
  check(changed.length === 0, `in process: resources changed: ${changed.join(', ')}`)
}

function describe (label: string, result: CannonResult): string {
  return `${label}: ${result.requests.toLocaleString('en')} requests, ${Math.round(result.requestsPerSecond).toLocaleString('en')} req/s, ` +
    `errors ${result.errors}, timeouts ${result.timeouts}, wrong statuses ${result.mismatches}, ` +
    `latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms, statuses ${JSON.stringify(result.statusCodes)}`
}

async function overLoopback (seconds: number, classSeconds: number, connections: number): Promise<void> {
  const child = fork(join(__dirname, 'soak-server.ts'), {
    execArgv: ['--import', '@tapjs/typescript/import'],
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: '1' }
  })
  const messages: unknown[] = []
  let waiting: ((message: unknown) => void) | undefined
  child.on('message', message => {
    if (waiting !== undefined) {
      const resolve = waiting
      waiting = undefined
      resolve(message)
    } else {
      messages.push(message)
    }
  })
  const receive = async (): Promise<unknown> => messages.length > 0 ? messages.shift() : await new Promise(resolve => { waiting = resolve })
  const ask = async (message: string): Promise<unknown> => {
    child.send(message)
    return await receive()
  }

  try {
    const { port } = await receive() as { port: number }
    await cannon(port, { seconds: 3, connections })
    await ask('stats')

    const mixed = await cannon(port, { seconds, connections })
    const server = await ask('stats') as ServerStats
    console.log(describe(`mixed ${seconds} s`, mixed))
    console.log(`  server side (reply.elapsedTime) per class: ${Object.entries(server.stats)
      .map(([name, { count, p50, p99 }]) => `${name}: ${count.toLocaleString('en')}, p50 ${p50} ms, p99 ${p99} ms`).join('; ')}`)
    console.log(`  server heap after the run: ${(server.memory.heapUsed / MB).toFixed(1)} MB, rss ${(server.memory.rss / MB).toFixed(1)} MB`)
    check(mixed.errors === 0, `mixed: ${mixed.errors} errors`)
    check(mixed.timeouts === 0, `mixed: ${mixed.timeouts} timeouts`)
    check(mixed.mismatches === 0, `mixed: ${mixed.mismatches} wrong statuses (${mixed.examples.join('; ')})`)

    // Alternated, twice: a machine busy with something else then hurts both classes alike.
    for (const round of [1, 2]) {
      const only404 = await cannon(port, { seconds: classSeconds, connections, only: 'notFound' })
      const only405 = await cannon(port, { seconds: classSeconds, connections, only: 'methodNotAllowed' })
      const perClass = await ask('stats') as ServerStats
      console.log(describe(`round ${round}, 404 only ${classSeconds} s`, only404))
      console.log(describe(`round ${round}, 405 only ${classSeconds} s`, only405))
      console.log(`  round ${round} p99: 405 ${only405.latency.p99} ms next to 404 ${only404.latency.p99} ms client side (${connections} connections); ` +
        `405 ${perClass.stats['405']?.p99} ms next to 404 ${perClass.stats['404']?.p99} ms server side`)
      for (const [label, result] of [['404 only', only404], ['405 only', only405]] as const) {
        check(result.errors === 0 && result.timeouts === 0, `${label}: ${result.errors} errors, ${result.timeouts} timeouts`)
        check(result.mismatches === 0, `${label}: ${result.mismatches} wrong statuses`)
      }
    }
  } finally {
    child.send('close')
  }
}

async function main (): Promise<void> {
  const requests = argument('requests', 1_000_000)
  const seconds = argument('seconds', 60)
  const classSeconds = argument('class-seconds', 5)
  const connections = argument('connections', 10)
  console.log(`soak: node ${process.version}, ${requests.toLocaleString('en')} in-process requests, ${seconds} s mixed run, ${classSeconds} s per class, ${connections} connections`)
  await inProcess(requests)
  await overLoopback(seconds, classSeconds, connections)
  if (failures.length > 0) {
    console.error(`soak: FAILED\n- ${failures.join('\n- ')}`)
    process.exitCode = 1
  } else {
    console.log('soak: OK')
  }
}

main().catch(error => {
  console.error(error)
  process.exitCode = 1
})
