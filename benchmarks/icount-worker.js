'use strict'

// One process of `npm run bench:icount`, run under
// `valgrind --tool=callgrind --instr-atstart=no`:
//   node benchmarks/icount-worker.js <variant> <scenario> <count> <warmup> <socket|inject>
// builds the app and sends the scenario's request `warmup` times without
// instrumentation (valgrind runs about 10x faster so), switches callgrind's
// instrumentation on, sends the request `count` times and exits. icount.js
// runs it with two counts; the difference in instructions divided by the
// difference in counts is the cost per request, free of start-up, warm-up,
// the switch itself and exit.
//
//   node benchmarks/icount-worker.js <variant> ready <routes>
// switches instrumentation on at once, builds an app with that many routes and
// waits for ready(); the difference between two route counts is the cost per
// route of declaring it and of ready(). `readyDeprecated` does the same with
// every other route deprecating its method (common.js deprecations, `half`),
// `readyDeprecatedOpen` with deprecations that have no sunset (`halfOpen`).

const fs = require('node:fs')
const path = require('node:path')
const { buildApp, scenario, checkStatus } = require('./common')
const { injector, socketClient } = require('./requests')

/**
 * Has callgrind start counting in this process; a no-op without ICOUNT_DIR.
 * icount.js runs callgrind_control when the `ready` file appears and answers
 * with a `go` file. The wait is synchronous on purpose: spawning a process or
 * writing to a stream here would reshape Node's stream objects, and V8 would
 * spend the counted requests deoptimizing and recompiling the hot path.
 */
function instrumentationOn () {
  const dir = process.env.ICOUNT_DIR
  if (dir === undefined) return
  fs.writeFileSync(path.join(dir, 'ready'), String(process.pid))
  const go = path.join(dir, 'go')
  const pause = new Int32Array(new SharedArrayBuffer(4))
  while (!fs.existsSync(go)) Atomics.wait(pause, 0, 0, 10)
}

async function main () {
  const [variant, id, countArg, warmupArg, transport = 'socket'] = process.argv.slice(2)
  const count = Number(countArg)

  const readyKinds = { ready: 'none', readyDeprecated: 'half', readyDeprecatedOpen: 'halfOpen' }
  if (id in readyKinds) {
    instrumentationOn()
    const app = await buildApp(variant, count, readyKinds[id])
    await app.ready()
    return
  }

  const s = scenario(id)
  const app = await buildApp(variant, s.routes, s.deprecated)
  const client = transport === 'inject' ? await injector(app, s.method, s.headers) : await socketClient(app, s.method, s.headers)
  const warmup = Number(warmupArg)
  // A unique scenario appends a number never sent before: every request misses any cache.
  const url = s.unique ? i => s.url + i : () => s.url
  // One function sends both the warm-up and the counted requests, so that V8
  // has optimized it before counting starts (a loop of its own would be
  // compiled on-stack, inside the counted requests).
  async function send (from, to) {
    for (let i = from; i < to; i++) await client.send(url(i))
  }

  checkStatus(variant, s, await client.send(url(0)))
  const chunk = Math.max(1, Math.ceil(warmup / 20))
  for (let from = 1; from < warmup; from += chunk) await send(from, Math.min(from + chunk, warmup))
  let next = warmup
  if (typeof global.gc === 'function') {
    // icount.js --settle: a full GC, so that counting does not start from
    // whatever state the warm-up's GCs happened to leave (docs/benchmarks.md,
    // "Why the repeated 405 ..."); it also drops compiled code and feedback,
    // which half the warm-up again restores.
    global.gc()
    const end = warmup + Math.ceil(warmup / 2)
    for (; next < end; next += chunk) await send(next, Math.min(next + chunk, end))
    next = end
  }
  instrumentationOn()
  await send(next, next + count)
  await client.close()
}

main().then(() => process.exit(0), error => {
  console.error(error)
  process.exit(1)
})
