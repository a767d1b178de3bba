'use strict'

// Two ways to send one request after another to a Fastify app, for the
// in-process benchmarks: inject(), and a raw keep-alive HTTP/1.1 client on
// loopback. The raw client costs almost nothing per request (one write, one
// header scan), so the instructions it leaves to count are Node's HTTP server
// and Fastify: what a deployed server spends on a request.

const net = require('node:net')

/** Returns `send(url)`, which resolves with the status code of one request. */
async function injector (app, method, headers = {}) {
  await app.ready()
  let sent = 0
  async function send (url) {
    const response = await app.inject({ method, url, headers })
    // inject() leaves clean-up to setImmediate(): let it run, and count it.
    if (++sent % 64 === 0) await new Promise(resolve => setImmediate(resolve))
    return response.statusCode
  }
  return { send, close: () => app.close() }
}

/** Listens on 127.0.0.1 and returns `send(url)` over one keep-alive socket, plus `close()`. */
async function socketClient (app, method, headers = {}) {
  await app.listen({ host: '127.0.0.1', port: 0 })
  const socket = net.connect(app.server.address().port, '127.0.0.1')
  socket.setNoDelay(true)
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject))

  const head = `${method} `
  const fields = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')
  const tail = ` HTTP/1.1\r\nHost: 127.0.0.1\r\n${fields}\r\n`
  let pending = null
  let buffered = ''

  socket.setEncoding('latin1')
  socket.on('data', chunk => {
    buffered += chunk
    const end = buffered.indexOf('\r\n\r\n')
    if (end === -1) return
    const length = /\r\ncontent-length: *(\d+)/i.exec(buffered.slice(0, end))
    // Every answer in these scenarios has a Content-Length; anything else is a bug here.
    if (length === null) return pending.reject(new Error(`no content-length in ${JSON.stringify(buffered)}`))
    if (buffered.length < end + 4 + Number(length[1])) return
    const status = Number(buffered.slice(9, 12))
    buffered = ''
    const { resolve } = pending
    pending = null
    resolve(status)
  })

  function send (url) {
    return new Promise((resolve, reject) => {
      pending = { resolve, reject }
      socket.write(head + url + tail, 'latin1')
    })
  }
  async function close () {
    socket.destroy()
    await app.close()
  }
  return { send, close }
}

module.exports = { injector, socketClient }
