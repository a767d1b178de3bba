'use strict'

// Start-up and memory (run with --expose-gc):
//  1. declaring the routes + ready() with 10,000 routes: time, and heap after
//     ready() and a GC. A fresh child process per sample, variants in ABBA
//     order, ratio to bare Fastify per round. Then the heap of the plugin
//     variant with deprecations (common.js deprecations(): one on POST
//     /api/r0, one on GET /api/r0, every tenth route), against bare Fastify.
//  2. heap growth after 1,000,000 requests to unique random URLs (half 404 to
//     GET /nothing/<random>, half DELETE /posts/<random>: 405 with the
//     plugin), measured after a GC, against the heap after warm-up and a GC.
//     One child process per variant, requests through inject().

const { spawn } = require('node:child_process')
const { dist, variants, labels, buildApp, roundOrder, ratios, formatRatio, table, gc, turn, parseArgs, machine, report } = require('./common')

const args = parseArgs({
  // yes: write the tables into docs/benchmarks.md (common.js report).
  record: 'no',
  rounds: 3,
  routes: 10000,
  urls: 1000000,
  warmup: 20000,
  // The deprecation kinds measured for the heap (common.js deprecations()).
  deprecations: 'other,get,many',
  // no: skip the heap growth over unique URLs.
  growth: 'yes',
  child: '',
  variant: '',
  deprecated: 'none'
})
const print = report('memory', args)

// Child: one sample of start-up with `routes` routes. The plugin's modules are
// loaded first: their one-time load is timed apart (`requireMs`), while the heap
// after ready() counts everything the process holds, modules included.
async function readySample () {
  const loading = process.hrtime.bigint()
  if (args.variant === 'plugin') require(dist)
  if (args.variant === 'allow') require('fastify-allow')
  const requireMs = Number(process.hrtime.bigint() - loading) / 1e6
  const start = process.hrtime.bigint()
  const app = await buildApp(args.variant, args.routes, args.deprecated)
  await app.ready()
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  // ready() leaves callbacks pending for a turn or two, and what they hold
  // moved a single gc()'s figure by up to 5 MB between identical processes;
  // after two turns and two collections it repeats within 0.1 MB.
  await turn()
  gc()
  await turn()
  gc()
  return { ms, requireMs, heap: process.memoryUsage().heapUsed }
}

// Child: heap growth over `urls` unique random URLs.
async function growthSample () {
  const app = await buildApp(args.variant, 100)
  await app.ready()
  let n = 0
  // A counter makes each URL unique; the random part keeps the shape of real probes.
  const next = () => {
    n++
    const tail = `${n.toString(36)}-${Math.random().toString(36).slice(2, 10)}`
    return n % 2 === 0 ? { method: 'GET', url: `/nothing/${tail}` } : { method: 'DELETE', url: `/posts/${tail}` }
  }
  const expected = { bare: [404, 404], plugin: [404, 405], allow: [404, 405] }[args.variant]
  const statuses = new Set()
  for (let i = 0; i < args.warmup; i++) {
    statuses.add((await app.inject(next())).statusCode)
    if (i % 64 === 63) await turn()
  }
  if (![...statuses].every(status => expected.includes(status))) throw new Error(`unexpected statuses ${[...statuses]}`)
  await turn()
  gc()
  const before = process.memoryUsage().heapUsed
  for (let i = 0; i < args.urls; i++) {
    await app.inject(next())
    if (i % 64 === 63) await turn()
  }
  await turn()
  gc()
  const after = process.memoryUsage().heapUsed
  await app.close()
  return { growth: after - before, before, after }
}

function child (kind, variant, extra = []) {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--expose-gc', __filename, `--child=${kind}`, `--variant=${variant}`, ...extra], {
      stdio: ['ignore', 'pipe', 'inherit']
    })
    let out = ''
    proc.stdout.on('data', chunk => { out += chunk })
    proc.on('error', reject)
    proc.on('exit', code => code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${kind} ${variant} exited with ${code}`)))
  })
}

const mb = bytes => `${(bytes / 1024 / 1024).toFixed(2)} MB`

async function main () {
  print(`start-up and memory; ${machine()}`)
  print()

  const ms = { bare: [], plugin: [], allow: [] }
  const heap = { bare: [], plugin: [], allow: [] }
  const requireMs = { bare: [], plugin: [], allow: [] }
  for (let round = 0; round < args.rounds; round++) {
    for (const variant of roundOrder(round)) {
      const sample = await child('ready', variant, [`--routes=${args.routes}`])
      ms[variant][round] = sample.ms
      heap[variant][round] = sample.heap
      requireMs[variant][round] = sample.requireMs
    }
  }
  const middle = values => [...values].sort((a, b) => a - b)[values.length >> 1]
  print(`Declaring ${args.routes.toLocaleString('en-US')} routes + ready(), and the heap after ready() and a GC: ratio to bare Fastify, median (min–max) of ${args.rounds} ABBA rounds, a fresh process each`)
  print()
  print(table(['measure', `${labels.bare} (median)`, labels.plugin, labels.allow], [
    ['declare + ready() time', `${middle(ms.bare).toFixed(0)} ms`, formatRatio(ratios(ms, 'plugin')), formatRatio(ratios(ms, 'allow'))],
    ['heap after ready()', mb(middle(heap.bare)), formatRatio(ratios(heap, 'plugin')), formatRatio(ratios(heap, 'allow'))],
    ['require() of the plugin, once (ms, median)', '-', middle(requireMs.plugin).toFixed(0), middle(requireMs.allow).toFixed(0)]
  ]))
  print()

  const kinds = args.deprecations.split(',').filter(Boolean)
  if (kinds.length > 0) {
    const titles = { other: 'POST /api/r0 deprecated', get: 'GET /api/r0 deprecated', many: 'every tenth route deprecated', half: 'every other route deprecated', own: 'GET /posts/:id deprecated' }
    const limits = { other: bare => bare + 1024 * 1024, get: bare => bare + 1024 * 1024, many: bare => bare * 1.05, half: bare => bare * 1.05, own: bare => bare + 1024 * 1024 }
    const targets = { other: 'bare + 1 MB', get: 'bare + 1 MB', many: '1.05× bare', half: '1.05× bare', own: 'bare + 1 MB' }
    const rows = []
    for (const kind of kinds) {
      const sampled = { bare: [], plugin: [] }
      for (let round = 0; round < args.rounds; round++) {
        for (const variant of roundOrder(round, ['bare', 'plugin'])) {
          sampled[variant][round] = (await child('ready', variant, [`--routes=${args.routes}`, `--deprecated=${kind}`])).heap
        }
      }
      const bare = middle(sampled.bare)
      const plugin = middle(sampled.plugin)
      rows.push([titles[kind], mb(bare), mb(plugin), formatRatio(ratios(sampled, 'plugin')), targets[kind], plugin <= limits[kind](bare) ? 'yes' : 'NO'])
    }
    print(`Heap after ready() with deprecations, ${args.routes.toLocaleString('en-US')} routes, median of ${args.rounds} ABBA rounds (Fastify has no deprecations)`)
    print()
    print(table(['deprecations', labels.bare, labels.plugin, 'ratio', 'target', 'met'], rows))
    print()
  }
  if (args.growth !== 'yes') return print.save()

  const rows = []
  for (const variant of variants) {
    const sample = await child('growth', variant, [`--urls=${args.urls}`, `--warmup=${args.warmup}`])
    rows.push([labels[variant], mb(sample.before), mb(sample.after), mb(sample.growth)])
  }
  print(`Heap growth over ${args.urls.toLocaleString('en-US')} unique random URLs (half 404, half 405 with a plugin), inject(), after a GC`)
  print()
  print(table(['variant', 'heap after warm-up', 'heap after', 'growth'], rows))
  print.save()
}

if (args.child === 'ready') {
  readySample().then(result => process.stdout.write(JSON.stringify(result)))
} else if (args.child === 'growth') {
  growthSample().then(result => process.stdout.write(JSON.stringify(result)))
} else {
  main().catch(error => {
    console.error(error)
    process.exitCode = 1
  })
}
