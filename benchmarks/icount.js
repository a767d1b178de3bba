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
const { variants, corsVariants, labels, scenarios: mainScenarios, corsScenarios, roundOrder, median, parseArgs, table, machine, report } = require('./common')

const scenarios = [...mainScenarios, ...corsScenarios]

const args = parseArgs({
  // yes: write the tables into docs/benchmarks.md (common.js report).
  record: 'no',
  requests: 4000,
  // New URLs fill the resolution cache and promote what it keeps: a full GC
  // comes every few thousand requests, and one more or fewer in the counted
  // window moves a 4,000-request figure by about 10%. 20,000 requests take
  // it to about 2%.
  uniqueRequests: 20000,
  base: 1000,
  warmup: 20000,
  // Fastify's own cost per route grows with the table: 10,000 routes would
  // take over ten minutes per run under callgrind. memory.js times 10,000.
  readyRoutes: 2000,
  readyBase: 100,
  transport: 'socket',
  // Each round measures every variant once, in ABBA order.
  rounds: 1,
  // Two runs at once halve the wall-clock time; the counts do not depend on it.
  parallel: Math.min(2, os.availableParallelism()),
  // A full GC after the warm-up, then half the warm-up again (the GC drops
  // compiled code), before the counted requests. V8 state that only a full GC
  // resets, such as Fastify's error path writing its body as a two-byte
  // string (docs/benchmarks.md), otherwise depends on when the warm-up's last
  // one ran, and moved the repeated 405 by 9%. `--settle=no` counts from
  // whatever state the warm-up left.
  settle: 'yes',
  // Extra V8 flags for the worker, space-separated.
  nodeFlags: '',
  // Extra V8 flags for the start-up runs only. Declaring routes runs code a
  // few times each, so TurboFan compiling it is half the count there, and how
  // much it compiles swings by 10% from run to run; without it the count of
  // the work itself repeats within 0.3%.
  readyFlags: '--no-opt',
  // A directory to keep the callgrind files in, for callgrind_annotate.
  keep: '',
  scenarios: [...scenarios.map(s => s.id), 'ready', 'readyDeprecated', 'readyDeprecatedOpen'].join(','),
  // Each scenario runs the variants it names a status for.
  variants: [...variants, ...corsVariants].join(','),
  // The docs/benchmarks.md section that --record=yes writes: results:icount, or results:icount-<section>.
  section: ''
})
const print = report('icount', args, args.section === '' ? 'icount' : `icount-${args.section}`)

// Start-up, counted per route: without deprecations, and with every other route deprecating its method.
// readyDeprecatedOpen: the same deprecations without a sunset, which never
// retire: what declaring them costs, apart from what retiring them needs at ready().
const readyIds = ['ready', 'readyDeprecated', 'readyDeprecatedOpen']
const readyTitles = { ready: '', readyDeprecated: 'every other route deprecating its method, ', readyDeprecatedOpen: 'every other route deprecating its method without a sunset, ' }
const isReady = id => readyIds.includes(id)

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
      // One thread for V8 (no concurrent compiler or GC helpers), and a heap
      // that grows by allocation alone: V8 otherwise sizes it by time, and
      // under valgrind time runs 50 times slower, differently each run.
      '--single-threaded',
      '--predictable-gc-schedule',
      ...(args.settle === 'yes' && !isReady(workerArgs[1]) ? ['--expose-gc'] : []),
      ...args.nodeFlags.split(' ').filter(Boolean),
      ...(isReady(workerArgs[1]) ? args.readyFlags.split(' ').filter(Boolean) : []),
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
  const requests = scenarios.find(s => s.id === id).unique ? args.uniqueRequests : args.requests
  return await difference(counted(args.base), counted(args.base + requests)) / requests
}

async function perRoute (variant, id) {
  return await difference([variant, id, args.readyBase], [variant, id, args.readyRoutes]) / (args.readyRoutes - args.readyBase)
}

function thousands (value) {
  return Math.round(value).toLocaleString('en-US')
}

/** Per-round ratios of two series: median (min–max). */
function ratio (values, references) {
  if (values === undefined || references === undefined) return undefined
  const perRound = values.map((value, round) => value / references[round])
  return { median: median(perRound), min: Math.min(...perRound), max: Math.max(...perRound) }
}

function formatRatio (r, digits = 3) {
  if (r === undefined) return 'n/a'
  return args.rounds === 1 ? r.median.toFixed(digits) : `${r.median.toFixed(digits)} (${r.min.toFixed(digits)}–${r.max.toFixed(digits)})`
}

async function main () {
  const wanted = args.scenarios.split(',')
  // results[scenario][variant][round]: instructions per request (per route for `ready`).
  const results = {}
  const started = Date.now()
  const ids = [...scenarios.filter(s => wanted.includes(s.id)).map(s => s.id), ...readyIds.filter(id => wanted.includes(id))]
  const variantsOf = id => isReady(id) ? chosen.filter(variant => variants.includes(variant)) : chosen.filter(variant => variant in scenarios.find(s => s.id === id).status)
  for (const id of ids) {
    results[id] = Object.fromEntries(variantsOf(id).map(variant => [variant, []]))
    for (let round = 0; round < args.rounds; round++) {
      for (const variant of roundOrder(round, variantsOf(id))) {
        const value = isReady(id) ? await perRoute(variant, id) : await perRequest(variant, id)
        results[id][variant][round] = value
        process.stderr.write(`${id} ${variant} round ${round + 1}: ${thousands(value)} instructions per ${isReady(id) ? 'route' : 'request'}\n`)
      }
    }
  }

  const title = id => isReady(id)
    ? `declare + ready(), per route (${args.readyBase} → ${args.readyRoutes} routes, ${readyTitles[id]}${args.readyFlags || 'no flags'})`
    : scenarios.find(s => s.id === id).title
  // One table per set of variants: each compares its variants with its first one.
  const tables = [
    { ids: ids.filter(id => !corsScenarios.some(s => s.id === id)), columns: chosen.filter(variant => variants.includes(variant)) },
    { ids: ids.filter(id => corsScenarios.some(s => s.id === id)), columns: chosen.filter(variant => corsVariants.includes(variant)) }
  ].filter(({ ids, columns }) => ids.length > 0 && columns.length > 0)

  print(`Instructions per request (callgrind; ${args.transport}; N1=${args.base}, N2=${args.base + args.requests} (${args.base + args.uniqueRequests} for new URLs) after ${args.warmup} uncounted requests${args.settle === 'yes' ? `, a full GC and ${Math.ceil(args.warmup / 2)} more` : ''}; ` +
    `${args.rounds === 1 ? 'one round' : `median (min–max) of ${args.rounds} rounds`})`)
  print(machine())
  for (const { ids, columns } of tables) {
    const [reference, ...others] = columns
    const header = ['scenario', ...columns.map(variant => `${labels[variant]} (instr.)`), ...others.map(variant => `${labels[variant]} / ${labels[reference]}`)]
    const rows = ids.map(id => {
      const row = results[id]
      return [title(id), ...columns.map(variant => thousands(median(row[variant]))), ...others.map(variant => formatRatio(ratio(row[variant], row[reference])))]
    })
    print()
    print(table(header, rows))
  }
  print()
  print(table(['target', 'measured', 'limit', 'met'], targets(results)))
  print.save()
  console.error(`(${Math.round((Date.now() - started) / 1000)} s)`)
}

/** The targets that instruction counts can decide (docs/benchmarks.md), judged on the median ratio. */
function targets (results) {
  const rows = []
  const get = (id, variant) => results[id]?.[variant]
  const check = (name, values, references, limit, higherIsBetter = false) => {
    const measured = ratio(values, references)
    if (measured === undefined) return
    const met = higherIsBetter ? measured.median >= limit : measured.median <= limit
    rows.push([name, `${formatRatio(measured)}×`, `${higherIsBetter ? '≥' : '≤'} ${limit.toFixed(2)}×`, met ? 'yes' : 'NO'])
  }
  check('matched route: plugin / Fastify', get('matched', 'plugin'), get('matched', 'bare'), 1.01)
  check('405: plugin / Fastify\'s 404 on the same URL', get('mna100', 'plugin'), get('mna100', 'bare'), 1.10)
  check('405 (stretch)', get('mna100', 'plugin'), get('mna100', 'bare'), 1.05)
  check('unknown URL 404: plugin / Fastify', get('notFound', 'plugin'), get('notFound', 'bare'), 1.05)
  check('automatic OPTIONS: plugin / Fastify\'s 404', get('options', 'plugin'), get('options', 'bare'), 1.05)
  check('unknown URL 404, new URL each time: plugin / Fastify', get('notFoundUnique', 'plugin'), get('notFoundUnique', 'bare'), 1.05)
  check('405, new URL each time: plugin / Fastify\'s 404', get('mnaUnique', 'plugin'), get('mnaUnique', 'bare'), 1.30)
  check('405 at 10,000 routes / 405 at 100 routes', get('mna10000', 'plugin'), get('mna100', 'plugin'), 1.05)
  check('declare + ready(), per route: plugin / Fastify', get('ready', 'plugin'), get('ready', 'bare'), 1.05)
  // Deprecations: what an app that uses them pays, against Fastify without them.
  check('declare + ready(), every other route deprecated: plugin / Fastify', get('readyDeprecated', 'plugin'), get('readyDeprecated', 'bare'), 1.05)
  check('405 repeated, a deprecation on another URL / without', get('mnaDeprecatedOther', 'plugin'), get('mna100', 'plugin'), 1.02)
  check('405 repeated, the URL\'s own GET deprecated / without', get('mnaDeprecatedOwn', 'plugin'), get('mna100', 'plugin'), 1.02)
  check('matched deprecated GET: plugin / a hand-written hook', get('matchedDeprecated', 'plugin'), get('matchedDeprecated', 'bare'), 1.02)
  check('matched deprecated GET: plugin / hand-written hooks keeping the app\'s Link', get('matchedDeprecatedLinks', 'plugin'), get('matchedDeprecatedLinks', 'bare'), 1.02)
  check('matched route: fastify-allow / plugin', get('matched', 'allow'), get('matched', 'plugin'), 1.00, true)
  check('405 at 2,000 routes: fastify-allow / plugin', get('mna2000', 'allow'), get('mna2000', 'plugin'), 3, true)
  check('CORS preflight: corsFromRoutes() / `methods` list', get('corsPreflight', 'corsRoutes'), get('corsPreflight', 'corsList'), 1.10)
  check('cross-origin GET: corsFromRoutes() / `methods` list', get('corsGet', 'corsRoutes'), get('corsGet', 'corsList'), 1.05)
  return rows
}

main().finally(() => fs.rmSync(workDir, { recursive: true, force: true })).catch(error => {
  console.error(error)
  process.exitCode = 1
})
