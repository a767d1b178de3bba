'use strict'

// `npm run bench:icount`: instructions per request, counted by callgrind.
// Wall-clock figures on a shared 2-core machine swing by 2x between runs;
// instruction counts of a single-threaded V8 repeat within about 0.5%, so
// the README's claims rest on these.
//
// For each scenario and variant, icount-worker.js runs twice under callgrind,
// with `base` and `base + requests` counted requests after an uncounted
// warm-up; per request = (count(N2) - count(N1)) / (N2 - N1). Requests go
// over a raw keep-alive socket on 127.0.0.1, so the count is what Node's HTTP
// server and Fastify spend, as in production (see requests.js);
// --transport=inject counts inject() instead, light-my-request's work included.

const { spawn } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { variants, labels, scenarios, parseArgs, table, machine } = require('./common')

const args = parseArgs({
  requests: 4000,
  base: 1000,
  warmup: 20000,
  // Fastify's own cost per route grows with the table: 10,000 routes would
  // take over ten minutes per run under callgrind. memory.js times 10,000.
  readyRoutes: 2000,
  readyBase: 100,
  transport: 'socket',
  // Two runs at once halve the wall-clock time; the counts do not depend on it.
  parallel: 1,
  // Extra V8 flags for the worker, space-separated.
  nodeFlags: '',
  // A directory to keep the callgrind files in, for callgrind_annotate.
  keep: '',
  scenarios: [...scenarios.map(s => s.id), 'ready'].join(','),
  variants: variants.join(',')
})

const chosen = args.variants.split(',')
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fmna-icount-'))

/** Runs one worker under callgrind and returns the instructions it counted. */
let runs = 0
function countInstructions (workerArgs) {
  const runDir = path.join(workDir, String(++runs))
  fs.mkdirSync(runDir)
  const outFile = path.join(runDir, 'callgrind.out')
  return new Promise((resolve, reject) => {
    const child = spawn('valgrind', [
      '--tool=callgrind',
      '--instr-atstart=no',
      `--callgrind-out-file=${outFile}`,
      process.execPath,
      // One thread for V8 (no concurrent compiler or GC helpers): the count
      // then repeats to within about 0.1%.
      '--single-threaded',
      ...args.nodeFlags.split(' ').filter(Boolean),
      path.join(__dirname, 'icount-worker.js'),
      ...workerArgs.map(String)
    ], { env: { ...process.env, ICOUNT_DIR: runDir }, stdio: ['ignore', 'inherit', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', chunk => { stderr += chunk })
    child.on('error', reject)

    // The worker writes `ready` once warm; counting starts, then `go` lets it on.
    const poll = setInterval(() => {
      if (!fs.existsSync(path.join(runDir, 'ready'))) return
      clearInterval(poll)
      spawn('callgrind_control', ['--instr=on', String(child.pid)], { stdio: 'ignore' })
        .on('error', reject)
        .on('exit', code => code === 0
          ? fs.writeFileSync(path.join(runDir, 'go'), '')
          : reject(new Error(`callgrind_control exited with ${code}`)))
    }, 20)

    child.on('exit', code => {
      clearInterval(poll)
      if (code !== 0) return reject(new Error(`worker ${workerArgs.join(' ')} exited with ${code}:\n${stderr}`))
      const totals = /^totals: (\d+)/m.exec(fs.readFileSync(outFile, 'utf8'))
      if (args.keep !== '') fs.copyFileSync(outFile, path.join(args.keep, `callgrind.out.${workerArgs.slice(0, 3).join('.')}`))
      fs.rmSync(runDir, { recursive: true })
      if (totals === null) return reject(new Error(`no totals in callgrind output of ${workerArgs.join(' ')}`))
      resolve(Number(totals[1]))
    })
  })
}

/** count(N2) - count(N1) for the worker arguments `low` and `high`. */
async function difference (low, high) {
  if (args.parallel > 1) {
    const [a, b] = await Promise.all([countInstructions(low), countInstructions(high)])
    return b - a
  }
  return -(await countInstructions(low)) + await countInstructions(high)
}

async function perRequest (variant, id) {
  const counted = count => [variant, id, count, args.warmup, args.transport]
  return await difference(counted(args.base), counted(args.base + args.requests)) / args.requests
}

async function perRoute (variant) {
  return await difference([variant, 'ready', args.readyBase], [variant, 'ready', args.readyRoutes]) / (args.readyRoutes - args.readyBase)
}

function thousands (value) {
  return Math.round(value).toLocaleString('en-US')
}

function ratio (value, reference) {
  return value === undefined || reference === undefined ? 'n/a' : (value / reference).toFixed(3)
}

async function main () {
  const wanted = args.scenarios.split(',')
  const results = {}
  const started = Date.now()
  for (const s of scenarios.filter(s => wanted.includes(s.id))) {
    results[s.id] = {}
    for (const variant of chosen) {
      results[s.id][variant] = await perRequest(variant, s.id)
      process.stderr.write(`${s.id} ${variant}: ${thousands(results[s.id][variant])} instructions/request\n`)
    }
  }
  if (wanted.includes('ready')) {
    results.ready = {}
    for (const variant of chosen) {
      results.ready[variant] = await perRoute(variant)
      process.stderr.write(`ready ${variant}: ${thousands(results.ready[variant])} instructions/route\n`)
    }
  }

  const header = ['scenario', ...chosen.map(variant => `${labels[variant]} (instr.)`), ...chosen.filter(v => v !== 'bare').map(variant => `${labels[variant]} / Fastify`)]
  const rows = Object.keys(results).map(id => {
    const row = results[id]
    const title = id === 'ready' ? `declare + ready(), per route (${args.readyBase} → ${args.readyRoutes} routes)` : scenarios.find(s => s.id === id).title
    return [title, ...chosen.map(variant => thousands(row[variant])), ...chosen.filter(v => v !== 'bare').map(variant => ratio(row[variant], row.bare))]
  })

  console.log(`Instructions per request (callgrind; ${args.transport}; N1=${args.base}, N2=${args.base + args.requests} after ${args.warmup} uncounted requests)`)
  console.log(machine())
  console.log()
  console.log(table(header, rows))
  console.log()
  console.log(table(['target', 'measured', 'limit', 'met'], targets(results)))
  console.error(`(${Math.round((Date.now() - started) / 1000)} s)`)
}

/** The targets that instruction counts can decide. */
function targets (results) {
  const rows = []
  const get = (id, variant) => results[id]?.[variant]
  const check = (name, value, reference, limit, higherIsBetter = false) => {
    if (value === undefined || reference === undefined) return
    const measured = value / reference
    const met = higherIsBetter ? measured >= limit : measured <= limit
    rows.push([name, `${measured.toFixed(3)}×`, `${higherIsBetter ? '≥' : '≤'} ${limit.toFixed(2)}×`, met ? 'yes' : 'NO'])
  }
  check('matched route: plugin / Fastify', get('matched', 'plugin'), get('matched', 'bare'), 1.01)
  check('405: plugin / Fastify\'s 404 on the same URL', get('mna100', 'plugin'), get('mna100', 'bare'), 1.10)
  check('405 (stretch)', get('mna100', 'plugin'), get('mna100', 'bare'), 1.05)
  check('unknown URL 404: plugin / Fastify', get('notFound', 'plugin'), get('notFound', 'bare'), 1.05)
  check('automatic OPTIONS: plugin / Fastify\'s 404', get('options', 'plugin'), get('options', 'bare'), 1.05)
  check('405 at 10,000 routes / 405 at 100 routes', get('mna10000', 'plugin'), get('mna100', 'plugin'), 1.05)
  check('declare + ready(), per route: plugin / Fastify', get('ready', 'plugin'), get('ready', 'bare'), 1.05)
  check('matched route: fastify-allow / plugin', get('matched', 'allow'), get('matched', 'plugin'), 1.00, true)
  check('405 at 2,000 routes: fastify-allow / plugin', get('mna2000', 'allow'), get('mna2000', 'plugin'), 3, true)
  return rows
}

main().finally(() => fs.rmSync(workDir, { recursive: true, force: true })).catch(error => {
  console.error(error)
  process.exitCode = 1
})
