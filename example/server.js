'use strict'

// npm start: the example service on 127.0.0.1:3000 (HOST and PORT override).
const { buildApp } = require('./app')
const { requests, curlCommand } = require('./requests')

async function main () {
  const host = process.env.HOST || '127.0.0.1'
  const port = process.env.PORT === undefined || process.env.PORT === '' ? 3000 : Number(process.env.PORT)
  const level = process.env.LOG_LEVEL
  const app = await buildApp({ logger: level === undefined ? false : { level } })

  await app.listen({ host, port })
  const base = baseUrl(app.server.address())

  const lines = [`Example service listening on ${base}`, '', 'Try these:']
  for (const request of requests) {
    lines.push(`  # ${request.status}: ${request.why}`)
    lines.push(`  ${curlCommand(base, request)}`)
  }
  lines.push('', 'Press Ctrl+C to stop.')
  console.log(lines.join('\n'))

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      app.close().then(() => process.exit(0), () => process.exit(1))
    })
  }
}

/** The URL a client uses, from the address the server actually bound (PORT=0 picks a free port). */
function baseUrl ({ address, family, port }) {
  const host = family === 'IPv6' || family === 6 ? `[${address}]` : address
  return `http://${host}:${port}`
}

main().catch(error => {
  console.error(error)
  process.exit(1)
})
