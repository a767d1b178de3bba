'use strict'
// Runs tap with `fastify` resolved to an installed npm alias, in every test
// process: `node scripts/test-fastify.js fastify-5-12-4 test/long/fuzz.test.ts …`.
// Coverage is the main run's business (a subset cannot cover all of lib/).
//
// The property tests read their fast-check run counts from the environment.
// Here they get about a quarter of the main run's counts (same seeds, so the
// cases are the first ones of the main run's sequence): enough for each
// test's own checks that every kind of case came up, and the main run, on the
// newest Fastify, carries the breadth. A count already set in the environment
// wins, so `FUZZ_RUNS=400 node scripts/test-fastify.js …` widens one again.
const { spawnSync } = require('node:child_process')
const { join } = require('node:path')

const [alias, ...files] = process.argv.slice(2)
if (!alias) {
  console.error('usage: node scripts/test-fastify.js <fastify alias> [test files]')
  process.exit(2)
}
const runs = {
  FUZZ_RUNS: 100, // test/long/fuzz.test.ts, 400 in the main run
  HIDDEN_RUNS: 40, // test/fastify/hidden-as-nonexistent.test.ts, 150
  AGREE_RUNS: 12, // test/fastify/agreement.test.ts, 45
  ACCEPT_RUNS: 30, // test/fastify/accept-advertised.test.ts, 120
  HINTS_RUNS: 16, // test/fastify/hints-property.test.ts, 60
  CORS_PROPERTY_RUNS: 20, // test/fastify/cors-property.test.ts, 80
  SURFACE_RUNS: 10, // test/fastify/surface-property.test.ts, 40
  PATHS_RUNS: 80, // test/router/paths.test.ts, 300
  PROBLEM_RUNS: 500 // test/fastify/problem-details.test.ts, 2000
}
const preload = join(__dirname, '..', 'test', 'helpers', 'fastify-alias.cjs')
const { version } = require(join(alias, 'package.json'))
console.log(`# tap with fastify resolved to ${alias} (fastify ${version})`)
const result = spawnSync(join(__dirname, '..', 'node_modules', '.bin', 'tap'), ['--disable-coverage', ...files], {
  stdio: 'inherit',
  env: {
    ...Object.fromEntries(Object.entries(runs).map(([name, count]) => [name, String(count)])),
    ...process.env,
    FASTIFY_ALIAS: alias,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(preload)}`.trim()
  }
})
process.exit(result.status ?? 1)
