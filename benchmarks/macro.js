'use strict'

// Macro benchmark: autocannon against a server in a child process per variant
// (server.js), on 127.0.0.1. Variants take turns round by round in ABBA order,
// each server runs a GC before each batch. Two figures per variant, each a
// ratio to bare Fastify (median of the per-round ratios, min–max across
// rounds): time per request (1 / throughput), and the server's own CPU time
// per request. On a 2-core machine the load generator and the server share
// the CPU, and other processes take their share: the CPU figure is the one
// that noise moves least.

const { spawn } = require('node:child_process')
const path = require('node:path')
const autocannon = require('autocannon')
const { variants, labels, scenarios, roundOrder, ratios, formatRatio, table, gc, parseArgs, machine, report } = require('./common')

const args = parseArgs({
  // yes: write the tables into docs/benchmarks.md (common.js report).
  record: 'no',
  rounds: 4,
  duration: 3,
  warmup: 2,
  connections: 10,
  scenarios: 'matched,notFound,mna100,options,mna2000'
})
const print = report('macro', args)

const servers = new Map()

/** Starts (once) the server of `variant` with `routes` routes. */
async function server (variant, routes) {
  const key = `${variant} ${routes}`
  if (!servers.has(key)) {
    const child = spawn(process.execPath, ['--expose-gc', path.join(__dirname, 'server.js'), variant, String(routes)], {
      stdio: ['pipe', 'pipe', 'inherit']
    })
    child.stdout.setEncoding('utf8')
    const lines = []
    let waiting = null
    let exited = null
    child.stdout.on('data', chunk => {
      lines.push(...chunk.split('\n').filter(Boolean))
      if (waiting !== null && lines.length > 0) waiting.resolve(lines.shift())
    })
    child.on('exit', code => {
      exited = new Error(`server ${key} exited with ${code}`)
      if (waiting !== null) waiting.reject(exited)
    })
    const next = () => new Promise((resolve, reject) => {
      if (lines.length > 0) return resolve(lines.shift())
      if (exited !== null) return reject(exited)
      waiting = {
        resolve: line => { waiting = null; resolve(line) },
        reject
      }
    })
    const port = Number(await next())
    servers.set(key, {
      child,
      url: `http://127.0.0.1:${port}`,
      async gc () {
        child.stdin.write('gc\n')
        await next()
      },
      async cpu () {
        child.stdin.write('cpu\n')
        return Number(await next())
      }
    })
  }
  return servers.get(key)
}

function cannon (url, method, duration) {
  return new Promise((resolve, reject) => {
    autocannon({ url, method, duration, connections: args.connections }, (error, result) => error ? reject(error) : resolve(result))
  })
}

/**
 * One batch: requests per second, and the server's CPU µs per request.
 * Throws unless every answer had the expected status.
 */
async function batch (target, s, expected, duration) {
  await target.gc()
  gc()
  const cpu = await target.cpu()
  const result = await cannon(target.url + s.url, s.method, duration)
  const cpuPerRequest = (await target.cpu() - cpu) / result.requests.total
  const statuses = Object.keys(result.statusCodeStats).map(Number)
  if (result.errors > 0 || statuses.length !== 1 || statuses[0] !== expected) {
    throw new Error(`${s.method} ${s.url}: statuses ${JSON.stringify(result.statusCodeStats)}, ${result.errors} errors; expected only ${expected}`)
  }
  return { rps: result.requests.total / result.duration, cpuPerRequest }
}

async function main () {
  print(`macro benchmark (autocannon, ${args.connections} connections, ${args.duration} s batches); ${machine()}`)
  print()
  const wanted = args.scenarios.split(',')
  const rows = []
  for (const s of scenarios.filter(s => wanted.includes(s.id) && !s.unique)) {
    const targets = {}
    for (const variant of variants) {
      targets[variant] = await server(variant, s.routes)
      if (args.warmup > 0) await batch(targets[variant], s, s.status[variant], args.warmup)
    }
    // Costs per request, so that > 1 means slower: the inverse of throughput, and server CPU.
    const time = { bare: [], plugin: [], allow: [] }
    const cpu = { bare: [], plugin: [], allow: [] }
    for (let round = 0; round < args.rounds; round++) {
      for (const variant of roundOrder(round)) {
        const { rps, cpuPerRequest } = await batch(targets[variant], s, s.status[variant], args.duration)
        time[variant][round] = 1 / rps
        cpu[variant][round] = cpuPerRequest
      }
    }
    const middle = values => [...values].sort((a, b) => a - b)[values.length >> 1]
    rows.push([
      s.title,
      `${Math.round(1 / middle(time.bare)).toLocaleString('en-US')} req/s, ${middle(cpu.bare).toFixed(0)} µs CPU`,
      formatRatio(ratios(time, 'plugin')), formatRatio(ratios(cpu, 'plugin')),
      formatRatio(ratios(time, 'allow')), formatRatio(ratios(cpu, 'allow'))
    ])
  }
  print(`Per request, as a ratio to bare Fastify: time (1 / throughput) and server CPU time; median (min–max) of ${args.rounds} ABBA rounds`)
  print()
  print(table(['scenario', `${labels.bare} (median)`, `${labels.plugin}: time`, 'CPU', `${labels.allow}: time`, 'CPU'], rows))
  print.save()
}

main().catch(error => {
  console.error(error)
  process.exitCode = 1
}).finally(() => {
  for (const { child } of servers.values()) child.stdin.end()
})
