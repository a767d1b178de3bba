'use strict'

// npm run demo: starts the example service on a free port, sends each request
// of the "try these" list and prints the exchange the way `curl -i` shows it.
const http = require('node:http')
const { buildApp } = require('./app')
const { requests, curlCommand } = require('./requests')
// The method surface checked against the service's API description (docs/surface.md).
const { checkSurface, formatFindings } = require('../dist/check')
const openapi = require('./openapi.json')

// curl -i prints every header; these are the ones the plugin and CORS are about.
const shown = /^(allow|access-control-.*|content-type|content-length|deprecation|sunset|link|accept-patch)$/i

async function main () {
  const app = await buildApp()
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address()
  const base = `http://127.0.0.1:${port}`
  const failures = []
  // Before any request: what every 405 and OPTIONS will say, against what the document promises.
  const findings = formatFindings(checkSurface(app.methodSurface(), openapi))

  try {
    for (const request of requests) {
      const response = await send(port, request)
      console.log(`# ${request.why}`)
      console.log(`$ ${curlCommand(base, request)}`)
      console.log(`HTTP/${response.httpVersion} ${response.statusCode} ${response.statusMessage}`)
      // rawHeaders keeps the names as they went over the wire, as curl shows them.
      for (let i = 0; i < response.rawHeaders.length; i += 2) {
        if (shown.test(response.rawHeaders[i])) console.log(`${response.rawHeaders[i]}: ${response.rawHeaders[i + 1]}`)
      }
      console.log('')
      if (response.body !== '') console.log(response.body + '\n')
      if (response.statusCode !== request.status) {
        failures.push(`${request.method} ${request.path}: expected ${request.status}, got ${response.statusCode}`)
      }
    }
  } finally {
    await app.close()
  }

  if (failures.length > 0) {
    console.error(`The service did not answer as documented:\n  ${failures.join('\n  ')}`)
    process.exitCode = 1
    return
  }
  console.log(`${requests.length} exchanges, each as documented. Start the service with \`npm start\` to try them yourself.`)
  console.log(`\nThe method surface against example/openapi.json: ${findings}`)
}

function send (port, request) {
  return new Promise((resolve, reject) => {
    const outgoing = http.request({
      host: '127.0.0.1',
      port,
      method: request.method,
      path: request.path,
      headers: request.headers,
      agent: false
    }, response => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', chunk => { body += chunk })
      response.on('end', () => {
        response.body = body
        resolve(response)
      })
      response.on('error', reject)
    })
    outgoing.on('error', reject)
    outgoing.end(request.body)
  })
}

main().catch(error => {
  console.error(error)
  process.exit(1)
})
