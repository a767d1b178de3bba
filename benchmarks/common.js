'use strict'

// Shared by every benchmark: the three variants, the route table they all
// serve, the scenarios, and the statistics. Benchmarks load the BUILT plugin
// (dist/), which is what users install: `npm run bench` builds first.

const path = require('node:path')
const Fastify = require('fastify')

// FMNA_DIST points at another build, to compare two versions of the plugin.
const dist = process.env.FMNA_DIST ?? path.join(__dirname, '..', 'dist')

const variants = ['bare', 'plugin', 'allow']

const labels = {
  bare: 'Fastify',
  plugin: '+ method-not-allowed',
  allow: '+ fastify-allow',
  corsList: '+ cors, `methods` list',
  corsRoutes: '+ cors, corsFromRoutes()'
}

/**
 * What corsFromRoutes() costs beside listing the methods by hand: both
 * variants register the plugin, then @fastify/cors with the same origin.
 */
const corsVariants = ['corsList', 'corsRoutes']
const corsOrigin = 'https://app.example'

/**
 * The route table: `/posts/:id` (GET, PUT) first, then REST-like resources
 * (`/api/rN` GET, POST; `/api/rN/:id` GET, PATCH) until `count` routes are
 * declared (Fastify's automatic HEAD routes are not counted).
 */
function addRoutes (app, count, deprecate = noDeprecation) {
  const route = (n, method, url) => app.route({ method, url, handler: send, ...deprecate(n, method, url) })
  route(0, 'GET', '/posts/:id')
  route(1, 'PUT', '/posts/:id')
  const shapes = [
    (n, i) => route(n, 'GET', `/api/r${i}`),
    (n, i) => route(n, 'POST', `/api/r${i}`),
    (n, i) => route(n, 'GET', `/api/r${i}/:id`),
    (n, i) => route(n, 'PATCH', `/api/r${i}/:id`)
  ]
  for (let n = 2; n < count; n++) shapes[(n - 2) % 4](n, Math.floor((n - 2) / 4))
}

const noDeprecation = () => ({})

// A deprecation as apps declare them: since, a sunset years ahead, and a link
// (three response headers: Deprecation, Sunset, Link).
const schedule = { since: '2026-01-01', sunset: '2036-01-01', link: 'https://example.com/deprecations' }
const deprecatedConfig = method => ({ config: { methodNotAllowed: { deprecated: { [method]: schedule } } } })
// The same without a sunset: a deprecation that never retires.
const openSchedule = { since: schedule.since, link: schedule.link }
const openDeprecatedConfig = method => ({ config: { methodNotAllowed: { deprecated: { [method]: openSchedule } } } })

// The same three headers set by a hand-written onRequest hook: the parity reference.
function handWrittenDeprecation (request, reply, done) {
  reply.header('deprecation', '@1767225600')
  reply.header('sunset', 'Tue, 01 Jan 2036 00:00:00 GMT')
  reply.header('link', '<https://example.com/deprecations>; rel="deprecation", <https://example.com/deprecations>; rel="sunset"')
  done()
}

// The same headers by hand, keeping a Link field the handler sets (RFC 8288
// §3 allows several links in one field), as the plugin does: Deprecation and
// Sunset on the request, Link when the response is sent.
const deprecationLinks = '<https://example.com/deprecations>; rel="deprecation", <https://example.com/deprecations>; rel="sunset"'
function handWrittenDates (request, reply, done) {
  reply.header('deprecation', '@1767225600')
  reply.header('sunset', 'Tue, 01 Jan 2036 00:00:00 GMT')
  done()
}
function handWrittenLinks (request, reply, payload, done) {
  const own = reply.getHeader('link')
  reply.header('link', own === undefined ? deprecationLinks : Array.isArray(own) ? [...own, deprecationLinks] : `${own}, ${deprecationLinks}`)
  done(null, payload)
}

/**
 * Which routes deprecate their method (plugin variant): `other`, POST
 * /api/r0; `get`, GET /api/r0; `own`, GET /posts/:id; `many`, every tenth
 * route; `half`, every other route; `halfOpen`, every other route, with no
 * sunset. For bare Fastify, `own` adds the
 * hand-written hook above to GET /posts/:id, `ownLinks` the hand-written hooks
 * that keep the app's Link; every other kind adds nothing.
 */
function deprecations (kind, variant) {
  if (kind === undefined || kind === 'none') return noDeprecation
  const pick = {
    other: (n) => n === 3,
    get: (n) => n === 2,
    own: (n) => n === 0,
    ownLinks: (n) => n === 0,
    many: (n) => n % 10 === 0,
    half: (n) => n % 2 === 0,
    halfOpen: (n) => n % 2 === 0
  }[kind]
  if (pick === undefined) throw new Error(`unknown deprecation kind ${kind}`)
  if (variant === 'plugin') return (n, method) => pick(n) ? (kind === 'halfOpen' ? openDeprecatedConfig : deprecatedConfig)(method) : {}
  if (variant === 'bare' && kind === 'own') return (n) => pick(n) ? { onRequest: handWrittenDeprecation } : {}
  if (variant === 'bare' && kind === 'ownLinks') return (n) => pick(n) ? { onRequest: handWrittenDates, onSend: handWrittenLinks } : {}
  return noDeprecation
}

function send (request, reply) {
  reply.send('ok')
}

/** A Fastify instance for `variant` with `routes` routes, not yet ready. */
async function buildApp (variant, routes, deprecated) {
  const app = Fastify()
  if (variant === 'plugin') {
    await app.register(require(dist))
  } else if (variant === 'allow') {
    // fastify-allow learns routes in onRoute: its README registers it first, awaited.
    await app.register(require('fastify-allow').default)
  } else if (corsVariants.includes(variant)) {
    const plugin = require(dist)
    await app.register(plugin)
    await app.register(require('@fastify/cors'), variant === 'corsList'
      ? { origin: corsOrigin, methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'OPTIONS'] }
      : plugin.corsFromRoutes({ origin: corsOrigin }))
  }
  addRoutes(app, routes, deprecations(deprecated, variant))
  return app
}

/**
 * Each scenario is one request, sent again and again. `status` is what each
 * variant must answer: a benchmark checks it before measuring, so a variant
 * that is not doing the work the table claims fails loudly instead.
 */
const scenarios = [
  { id: 'matched', title: 'matched GET /posts/:id', method: 'GET', url: '/posts/1', routes: 100, status: { bare: 200, plugin: 200, allow: 200 } },
  { id: 'notFound', title: 'unknown URL 404', method: 'GET', url: '/nothing/here', routes: 100, status: { bare: 404, plugin: 404, allow: 404 } },
  { id: 'mna100', title: '405 DELETE /posts/1 (100 routes)', method: 'DELETE', url: '/posts/1', routes: 100, status: { bare: 404, plugin: 405, allow: 405 } },
  { id: 'options', title: 'automatic OPTIONS /posts/1', method: 'OPTIONS', url: '/posts/1', routes: 100, status: { bare: 404, plugin: 200, allow: 405 } },
  // The same two with a URL never seen before (the scenario's URL plus a
  // number): what scanners and random probes cost, every lookup a cache miss.
  { id: 'notFoundUnique', title: 'unknown URL 404, new URL each time', method: 'GET', url: '/nothing/', unique: true, routes: 100, status: { bare: 404, plugin: 404, allow: 404 } },
  { id: 'mnaUnique', title: '405, new URL each time (DELETE /posts/N)', method: 'DELETE', url: '/posts/', unique: true, routes: 100, status: { bare: 404, plugin: 405, allow: 405 } },
  { id: 'mna2000', title: '405 at 2,000 routes', method: 'DELETE', url: '/posts/1', routes: 2000, status: { bare: 404, plugin: 405, allow: 405 } },
  { id: 'mna10000', title: '405 at 10,000 routes', method: 'DELETE', url: '/posts/1', routes: 10000, status: { bare: 404, plugin: 405, allow: 405 } },
  // Deprecations (see deprecations()): Fastify runs without them, except for
  // the hand-written hook that sets the same three headers on a matched call.
  { id: 'mnaDeprecatedOther', title: '405 repeated, POST /api/r0 deprecated', method: 'DELETE', url: '/posts/1', routes: 100, deprecated: 'other', status: { bare: 404, plugin: 405, allow: 405 } },
  { id: 'mnaDeprecatedOwn', title: '405 repeated, the URL\'s own GET deprecated', method: 'DELETE', url: '/posts/1', routes: 100, deprecated: 'own', status: { bare: 404, plugin: 405, allow: 405 } },
  { id: 'matchedDeprecated', title: 'matched deprecated GET (Fastify: a hand-written hook)', method: 'GET', url: '/posts/1', routes: 100, deprecated: 'own', status: { bare: 200, plugin: 200, allow: 200 } },
  { id: 'matchedDeprecatedLinks', title: 'matched deprecated GET (Fastify: hand-written hooks keeping the app\'s Link)', method: 'GET', url: '/posts/1', routes: 100, deprecated: 'ownLinks', status: { bare: 200, plugin: 200, allow: 200 } }
]

/**
 * Cross-origin requests, measured on the CORS variants only: a browser's
 * preflight for a PUT, and a GET that needs none (a CORS-safelisted method).
 */
const corsScenarios = [
  { id: 'corsPreflight', title: 'CORS preflight OPTIONS /posts/1 for PUT', method: 'OPTIONS', url: '/posts/1', headers: { origin: corsOrigin, 'access-control-request-method': 'PUT' }, routes: 100, status: { corsList: 204, corsRoutes: 204 } },
  { id: 'corsGet', title: 'cross-origin GET /posts/1 (no preflight)', method: 'GET', url: '/posts/1', headers: { origin: corsOrigin }, routes: 100, status: { corsList: 200, corsRoutes: 200 } }
]

function scenario (id) {
  const found = [...scenarios, ...corsScenarios].find(s => s.id === id)
  if (found === undefined) throw new Error(`unknown scenario ${id}; known: ${[...scenarios, ...corsScenarios].map(s => s.id).join(', ')}`)
  return found
}

/** Throws unless `variant` answers `s` with the status the table claims. */
function checkStatus (variant, s, statusCode) {
  if (statusCode !== s.status[variant]) {
    throw new Error(`${variant} answered ${s.method} ${s.url} (${s.routes} routes) with ${statusCode}, expected ${s.status[variant]}`)
  }
}

/**
 * ABBA: the variant order reverses every round, so drift (thermal, other
 * processes, JIT warming) weighs on every variant alike.
 */
function roundOrder (round, list = variants) {
  return round % 2 === 0 ? list : [...list].reverse()
}

function median (values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** `cost[variant][round]` -> per-round ratios to bare: median, min, max. */
function ratios (cost, variant) {
  const perRound = cost[variant].map((value, round) => value / cost.bare[round])
  return { median: median(perRound), min: Math.min(...perRound), max: Math.max(...perRound) }
}

function formatRatio ({ median, min, max }) {
  return `${median.toFixed(2)} (${min.toFixed(2)}–${max.toFixed(2)})`
}

/** A Markdown table, so that the output can go into the README as is. */
function table (header, rows) {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map(row => String(row[i]).length)))
  const line = cells => `| ${cells.map((cell, i) => String(cell).padEnd(widths[i])).join(' | ')} |`
  return [line(header), `| ${widths.map(w => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n')
}

function gc () {
  if (typeof global.gc !== 'function') throw new Error('run node with --expose-gc')
  global.gc()
}

/**
 * Lets the event loop reach its check phase. A loop of awaited inject() calls
 * runs on microtasks only, and each inject() leaves a setImmediate() of
 * clean-up behind: without a turn of the loop they pile up, uncounted by the
 * timing and counted by the heap.
 */
function turn () {
  return new Promise(resolve => setImmediate(resolve))
}

/** `--name=value` arguments; a value is a number where the default is one. */
function parseArgs (defaults, argv = process.argv.slice(2)) {
  const result = { ...defaults }
  for (const arg of argv) {
    const match = /^--([a-zA-Z0-9]+)=(.*)$/.exec(arg)
    if (match === null || !(match[1] in defaults)) {
      throw new Error(`unknown argument ${arg}; known: ${Object.keys(defaults).map(key => `--${key}=${defaults[key]}`).join(' ')}`)
    }
    const value = typeof defaults[match[1]] === 'number' ? Number(match[2]) : match[2]
    if (Number.isNaN(value)) throw new Error(`${arg}: not a number`)
    result[match[1]] = value
  }
  return result
}

/**
 * Prints a benchmark's report line by line; `save()` then writes it, with
 * `--record=yes`, into docs/benchmarks.md between `<!-- results:NAME -->` and
 * `<!-- /results:NAME -->`, headed by the commit, date and versions it was
 * measured with. The doc's figures are thus always one run's output, never
 * copied by hand, and a stale table names the commit it belongs to.
 */
function report (name, args, section = name) {
  const lines = []
  const print = (text = '') => {
    console.log(text)
    lines.push(text)
  }
  print.save = () => {
    if (args.record === 'yes') record(name, section, lines, process.argv.slice(2).filter(arg => !arg.startsWith('--record=')))
  }
  return print
}

function record (name, section, lines, argv) {
  const fs = require('node:fs')
  const file = path.join(__dirname, '..', 'docs', 'benchmarks.md')
  const doc = fs.readFileSync(file, 'utf8')
  const start = `<!-- results:${section} -->`
  const end = `<!-- /results:${section} -->`
  const from = doc.indexOf(start)
  const to = doc.indexOf(end)
  if (from === -1 || to < from) throw new Error(`docs/benchmarks.md has no ${start} … ${end} section`)
  const command = ['node', `benchmarks/${name}.js`, ...argv].join(' ')
  const text = [start, '', `${provenance()}; \`${command}\`:`, '', ...lines, '', end].join('\n')
  fs.writeFileSync(file, doc.slice(0, from) + text + doc.slice(to + end.length))
}

/** Which build was measured: a commit, and whether lib/ differed from it; or the FMNA_DIST build. */
function provenance () {
  const { spawnSync } = require('node:child_process')
  const git = args => spawnSync('git', args, { cwd: path.join(__dirname, '..'), encoding: 'utf8' }).stdout?.trim() ?? ''
  const commit = git(['rev-parse', '--short', 'HEAD']) || 'an unknown commit'
  const changed = git(['status', '--porcelain', '--', 'lib']) !== ''
  const build = process.env.FMNA_DIST === undefined
    ? `commit ${commit}${changed ? ' with uncommitted changes to lib/' : ''}`
    : `the build in FMNA_DIST (${process.env.FMNA_DIST}), from commit ${commit}`
  return `Measured ${new Date().toISOString().slice(0, 10)}, ${build}`
}

function machine () {
  const os = require('node:os')
  return `Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0].model.trim()}), Fastify ${require('fastify/package.json').version}`
}

module.exports = {
  dist,
  variants,
  corsVariants,
  labels,
  addRoutes,
  buildApp,
  deprecations,
  scenarios,
  corsScenarios,
  scenario,
  checkStatus,
  roundOrder,
  median,
  ratios,
  formatRatio,
  table,
  gc,
  turn,
  parseArgs,
  report,
  machine
}
