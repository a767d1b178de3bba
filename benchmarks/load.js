'use strict'

// Load cost (run with --expose-gc): what `require()` of the built plugin adds
// to `require('fastify')`, in fresh processes, since a process loads each
// module once and that one load is the whole cost.
//  - bare:   require('fastify')
//  - plugin: require('fastify'), then require(dist)
// Each round spawns one of each, in ABBA order, after warm-up rounds that
// fill the OS file cache. Figures are CPU time (user + system,
// process.cpuUsage()), not wall-clock: on a shared machine, time spent
// descheduled is not the code's. Also counted: modules the plugin adds to
// require.cache, by package, and the heap after the require()s and a GC.
// memory.js measures the heap after ready() with 10,000 routes.

const { spawn } = require('node:child_process')
const path = require('node:path')

// Child first, before anything else is loaded: the timed require('fastify')
// must find nothing of it in require.cache, and the parent's helpers
// (common.js loads Fastify) must not run here.
const childArg = process.argv.find(arg => arg.startsWith('--child='))
if (childArg !== undefined) {
  const variant = childArg.slice('--child='.length)
  const dist = process.argv.find(arg => arg.startsWith('--dist=')).slice('--dist='.length)
  const cpu = () => { const { user, system } = process.cpuUsage(); return user + system }
  const modules = () => Object.keys(require.cache)

  const before = modules().length
  let start = cpu()
  require('fastify')
  const fastifyUs = cpu() - start
  const withFastify = modules()
  let pluginUs = 0
  if (variant === 'plugin') {
    start = cpu()
    require(dist)
    pluginUs = cpu() - start
  }
  const added = modules().filter(file => !withFastify.includes(file))
  global.gc()
  process.stdout.write(JSON.stringify({
    fastifyUs,
    pluginUs,
    fastifyModules: withFastify.length - before,
    added,
    heap: process.memoryUsage().heapUsed
  }))
} else {
  const { dist, labels, roundOrder, median, ratios, formatRatio, table, parseArgs, machine, report } = require('./common')

  const args = parseArgs({ rounds: 15, warmup: 2, record: 'no' })
  const print = report('load', args)

  const sample = variant => new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--expose-gc', __filename, `--child=${variant}`, `--dist=${dist}`], {
      stdio: ['ignore', 'pipe', 'inherit']
    })
    let out = ''
    proc.stdout.on('data', chunk => { out += chunk })
    proc.on('error', reject)
    proc.on('exit', code => code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${variant} exited with ${code}`)))
  })

  /** The package a module file belongs to: the last node_modules/<name> in its path, or the plugin's own. */
  const packageOf = file => {
    const parts = file.split(path.sep)
    const at = parts.lastIndexOf('node_modules')
    if (at === -1) return 'fastify-method-not-allowed'
    return parts[at + 1].startsWith('@') ? `${parts[at + 1]}/${parts[at + 2]}` : parts[at + 1]
  }

  const mb = bytes => `${(bytes / 1024 / 1024).toFixed(2)} MB`

  async function main () {
    print(`load cost; ${machine()}`)
    print()

    const variants = ['bare', 'plugin']
    for (let round = 0; round < args.warmup; round++) {
      for (const variant of variants) await sample(variant)
    }
    // total: CPU of the require()s, Fastify's and (plugin) the plugin's.
    const total = { bare: [], plugin: [] }
    // own: the plugin's require() against Fastify's, both in one plugin process.
    const own = { bare: [], plugin: [] }
    const heap = { bare: [], plugin: [] }
    let last
    for (let round = 0; round < args.rounds; round++) {
      for (const variant of roundOrder(round, variants)) {
        const result = await sample(variant)
        total[variant][round] = result.fastifyUs + result.pluginUs
        heap[variant][round] = result.heap
        if (variant === 'plugin') {
          own.bare[round] = result.fastifyUs
          own.plugin[round] = result.pluginUs
          last = result
        }
      }
    }
    // The plugin's extra as a share of Fastify's load: (plugin total - bare total) / bare total.
    const extra = { bare: total.bare, plugin: total.plugin.map((value, round) => value - total.bare[round]) }

    print(`require() CPU time: plugin's extra / Fastify's, median (min–max) of ${args.rounds} ABBA rounds, a fresh process each`)
    print()
    const ms = us => `${(median(us) / 1000).toFixed(1)} ms`
    print(table(['measure', `${labels.bare} (median)`, labels.plugin], [
      ['require() CPU, across processes', ms(total.bare), formatRatio(ratios(extra, 'plugin'))],
      ['require() CPU, same process', ms(own.bare), formatRatio(ratios(own, 'plugin'))],
      ['modules loaded', String(last.fastifyModules), `+${last.added.length}`],
      ['heap after require() and a GC', mb(median(heap.bare)), formatRatio(ratios(heap, 'plugin'))]
    ]))
    print()

    const byPackage = new Map()
    for (const file of last.added) byPackage.set(packageOf(file), (byPackage.get(packageOf(file)) ?? 0) + 1)
    print('Modules the plugin adds to require.cache after require(\'fastify\'), by package')
    print()
    print(table(['package', 'modules'], [...byPackage].sort((a, b) => b[1] - a[1]).map(([name, count]) => [name, String(count)])))
    print.save()
  }

  main().catch(error => {
    console.error(error)
    process.exitCode = 1
  })
}
