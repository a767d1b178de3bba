import { connect } from 'node:net'
import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'

/** Listens on an ephemeral loopback port, closed when the test ends. */
export async function listen (t: Test, app: FastifyInstance): Promise<number> {
  await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => app.close())
  return (app.server.address() as { port: number }).port
}

export interface RawResponse {
  status: number
  headers: Record<string, string>
  body: string
}

/** Sends one request as raw bytes, for what inject() cannot express (`OPTIONS *`). */
export function rawRequest (port: number, requestLine: string, headers: string[] = []): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.end([requestLine, 'Host: 127.0.0.1', 'Connection: close', ...headers, '', ''].join('\r\n'))
    })
    let data = ''
    socket.setEncoding('latin1')
    socket.setTimeout(5000, () => socket.destroy(new Error('raw request timed out')))
    socket.on('data', chunk => { data += chunk })
    socket.on('error', reject)
    socket.on('close', () => {
      const split = data.indexOf('\r\n\r\n')
      const [statusLine, ...lines] = data.slice(0, split).split('\r\n')
      const parsed: Record<string, string> = {}
      for (const line of lines) {
        const colon = line.indexOf(':')
        parsed[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim()
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers: parsed, body: data.slice(split + 4) })
    })
  })
}
