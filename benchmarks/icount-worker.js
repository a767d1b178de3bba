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
// route of declaring it and of ready().

const { spawn } = require('node:child_process')
const { buildApp, scenario, checkStatus } = require('./common')
const { injector, socketClient } = require('./requests')

/** Asks callgrind to start counting in this process; a no-op outside valgrind (ICOUNT unset). */
function instrumentationOn () {
  if (process.env.ICOUNT !== '1') return
  return new Promise((resolve, reject) => {
    spawn('callgrind_control', ['--instr=on', String(process.pid)], { stdio: 'ignore' })
      .on('error', reject)
      .on('exit', code => code === 0 ? resolve() : reject(new Error(`callgrind_control exited with ${code}`)))
  })
}

async function main () {
  const [variant, id, countArg, warmupArg, transport = 'socket'] = process.argv.slice(2)
  const count = Number(countArg)

  if (id === 'ready') {
    await instrumentationOn()
    const app = await buildApp(variant, count)
    await app.ready()
    return
  }

  const s = scenario(id)
  const app = await buildApp(variant, s.routes)
  const client = transport === 'inject' ? await injector(app, s.method) : await socketClient(app, s.method)
  const warmup = Number(warmupArg)
  // A unique scenario appends a number never sent before: every request misses any cache.
  const url = s.unique ? i => s.url + i : () => s.url

  checkStatus(variant, s, await client.send(url(0)))
  for (let i = 1; i < warmup; i++) await client.send(url(i))
  await instrumentationOn()
  for (let i = warmup; i < warmup + count; i++) await client.send(url(i))
  await client.close()
}

main().then(() => process.exit(0), error => {
  console.error(error)
  process.exit(1)
})
