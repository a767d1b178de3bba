'use strict'

// A server for macro.js: `node --expose-gc benchmarks/server.js <variant> <routes>`
// listens on 127.0.0.1 (a free port) and prints the port. Each `gc` line on
// stdin runs a GC and is answered with `gc`; each `cpu` line is answered with
// the CPU time the process has used (µs). It exits when stdin closes, that
// is, with its parent.

const { buildApp, gc } = require('./common')

async function main () {
  const [variant, routes] = process.argv.slice(2)
  const app = await buildApp(variant, Number(routes))
  await app.listen({ host: '127.0.0.1', port: 0 })
  process.stdout.write(`${app.server.address().port}\n`)
  process.stdin.setEncoding('utf8')
  process.stdin.on('data', chunk => {
    for (const line of chunk.split('\n')) {
      if (line === 'gc') {
        gc()
        process.stdout.write('gc\n')
      } else if (line === 'cpu') {
        const { user, system } = process.cpuUsage()
        process.stdout.write(`${user + system}\n`)
      }
    }
  })
  process.stdin.on('end', () => app.close().then(() => process.exit(0)))
}

main().catch(error => {
  console.error(error)
  process.exit(1)
})
