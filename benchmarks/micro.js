'use strict'

// Micro benchmarks, in one process (run with --expose-gc):
//  1. inject(): each scenario against the three variants, interleaved round by
//     round in ABBA order with a GC before every batch;
//  2. fastify.allowedMethods(), the plugin's resolution without HTTP, against
//     one fastify.findRoute() of bare Fastify on the same URL.
// Figures are CPU time (user + system, process.cpuUsage()) per request as a
// ratio to bare Fastify: the median of the per-round ratios, with the min–max
// across rounds. CPU time rather than wall-clock: on a shared machine, time
// spent descheduled is not the code's.

const { variants, labels, buildApp, scenarios, checkStatus, roundOrder, ratios, formatRatio, table, gc, turn, parseArgs, machine, report } = require('./common')

const args = parseArgs({
  // yes: write the tables into docs/benchmarks.md (common.js report).
  record: 'no',
  rounds: 6,
  requests: 2000,
  warmup: 2000,
  calls: 200000,
  scenarios: scenarios.map(s => s.id).join(','),
  sizes: '100,2000,10000'
})
const print = report('micro', args)

/** CPU time consumed since `start` (a process.cpuUsage() result), in ns. */
function cpuSince (start) {
  const { user, system } = process.cpuUsage(start)
  return (user + system) * 1000
}

/** CPU ns per call of `run(i)`, an async function, over `count` calls numbered from `from`. */
async function timeAsync (run, from, count) {
  await turn()
  gc()
  const start = process.cpuUsage()
  for (let i = from; i < from + count; i++) {
    await run(i)
    // inject() leaves clean-up to setImmediate(): let it run, and count it.
    if (i % 64 === 63) await turn()
  }
  await turn()
  return cpuSince(start) / count
}

function timeSync (run, count) {
  gc()
  const start = process.cpuUsage()
  for (let i = 0; i < count; i++) run()
  return cpuSince(start) / count
}

const apps = new Map()
async function app (variant, routes, deprecated = 'none') {
  const key = `${variant} ${routes} ${deprecated}`
  if (!apps.has(key)) {
    const built = await buildApp(variant, routes, deprecated)
    await built.ready()
    apps.set(key, built)
  }
  return apps.get(key)
}

async function injectScenarios () {
  const wanted = args.scenarios.split(',')
  const rows = []
  for (const s of scenarios.filter(s => wanted.includes(s.id))) {
    const senders = {}
    const sent = {}
    for (const variant of variants) {
      const instance = await app(variant, s.routes, s.deprecated)
      senders[variant] = i => instance.inject({ method: s.method, url: s.unique ? s.url + i : s.url })
      checkStatus(variant, s, (await senders[variant](0)).statusCode)
      await timeAsync(senders[variant], 1, args.warmup)
      sent[variant] = 1 + args.warmup
    }
    const cost = { bare: [], plugin: [], allow: [] }
    for (let round = 0; round < args.rounds; round++) {
      for (const variant of roundOrder(round)) {
        cost[variant][round] = await timeAsync(senders[variant], sent[variant], args.requests)
        sent[variant] += args.requests
      }
    }
    const bare = [...cost.bare].sort((a, b) => a - b)[cost.bare.length >> 1]
    rows.push([s.title, `${(bare / 1000).toFixed(1)} µs`, formatRatio(ratios(cost, 'plugin')), formatRatio(ratios(cost, 'allow'))])
  }
  print(`inject(), CPU time per request as a ratio to bare Fastify: median (min–max) of ${args.rounds} ABBA rounds of ${args.requests} requests`)
  print()
  print(table(['scenario', `${labels.bare} (median)`, labels.plugin, labels.allow], rows))
}

async function allowedMethods () {
  const rows = []
  for (const routes of args.sizes.split(',').map(Number)) {
    const plugin = await app('plugin', routes)
    const bare = await app('bare', routes)
    for (const url of ['/posts/1', '/nothing/here']) {
      const calls = {
        bare: () => bare.findRoute({ method: 'GET', url }),
        plugin: () => plugin.allowedMethods(url)
      }
      timeSync(calls.bare, args.calls / 10)
      timeSync(calls.plugin, args.calls / 10)
      const cost = { bare: [], plugin: [] }
      for (let round = 0; round < args.rounds; round++) {
        for (const variant of roundOrder(round, ['bare', 'plugin'])) cost[variant][round] = timeSync(calls[variant], args.calls)
      }
      const median = [...cost.plugin].sort((a, b) => a - b)[cost.plugin.length >> 1]
      rows.push([`${url} (${routes.toLocaleString('en-US')} routes)`, `${median.toFixed(0)} ns`, formatRatio(ratios(cost, 'plugin'))])
    }
  }
  print('fastify.allowedMethods(url), CPU time per call, against one fastify.findRoute({ method: \'GET\', url }) of bare Fastify')
  print()
  print(table(['URL', 'allowedMethods (median)', 'ratio to one findRoute'], rows))
}

/** Structural half of "zero cost on matched routes": hooks that each variant adds to routes. */
async function matchedRouteHooks () {
  const counts = {}
  for (const variant of variants) {
    // printRoutes lists each hook of a route on a line of its own, after a bullet.
    const printed = (await app(variant, 100)).printRoutes({ includeHooks: true })
    counts[variant] = {}
    for (const match of printed.matchAll(/• \((\w+)\)/g)) counts[variant][match[1]] = (counts[variant][match[1]] ?? 0) + 1
  }
  const rows = variants.filter(v => v !== 'bare').map(variant => {
    const added = Object.keys(counts[variant])
      .map(kind => [kind, counts[variant][kind] - (counts.bare[kind] ?? 0)])
      .filter(([, count]) => count > 0)
    return [labels[variant], added.length === 0 ? 'none' : added.map(([kind, count]) => `${count} ${kind}`).join(', ')]
  })
  print('Route hooks added to the 100-route table (printRoutes({ includeHooks: true }), compared with bare Fastify)')
  print()
  print(table(['variant', 'hooks added to routes'], rows))
}

async function main () {
  print(`micro benchmarks; ${machine()}`)
  print()
  await matchedRouteHooks()
  print()
  await injectScenarios()
  print()
  await allowedMethods()
  print.save()
  for (const instance of apps.values()) await instance.close()
}

main().catch(error => {
  console.error(error)
  process.exitCode = 1
})
