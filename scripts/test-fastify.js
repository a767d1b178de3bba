'use strict'
// Runs tap with `fastify` resolved to an installed npm alias, in every test
// process: `node scripts/test-fastify.js fastify-5-12-4 test/long/fuzz.test.ts …`.
// Coverage is the main run's business (a subset cannot cover all of lib/).
const { spawnSync } = require('node:child_process')
const { join } = require('node:path')

const [alias, ...files] = process.argv.slice(2)
if (!alias) {
  console.error('usage: node scripts/test-fastify.js <fastify alias> [test files]')
  process.exit(2)
}
const preload = join(__dirname, '..', 'test', 'helpers', 'fastify-alias.cjs')
const { version } = require(join(alias, 'package.json'))
console.log(`# tap with fastify resolved to ${alias} (fastify ${version})`)
const result = spawnSync(join(__dirname, '..', 'node_modules', '.bin', 'tap'), ['--disable-coverage', ...files], {
  stdio: 'inherit',
  env: {
    ...process.env,
    FASTIFY_ALIAS: alias,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(preload)}`.trim()
  }
})
process.exit(result.status ?? 1)
