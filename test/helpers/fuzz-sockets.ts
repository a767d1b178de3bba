import { connect } from 'node:net'

/**
 * Raw HTTP/1.x over loopback sockets, for what inject() cannot send: bytes
 * Node's parser refuses, pipelining, slow writes, half-sent requests.
 * Every exchange is bounded in time; a timeout is reported, never waited out.
 */

export type Step = string | Buffer | { delay: number } | { destroy: true }

export interface Exchange {
  /** Everything the server sent, latin1. */
  raw: string
  /** The server closed the connection (or we destroyed it as asked). */
  closed: boolean
  /** The bound was reached before the server closed or `until` was satisfied. */
  timedOut: boolean
  error?: string
}

export interface ExchangeOptions {
  timeoutMs?: number
  /** Stop (and destroy the socket) once this holds for what was received. */
  until?: (raw: string) => boolean
}

const sleep = async (ms: number): Promise<void> => await new Promise(resolve => setTimeout(resolve, ms))

export async function exchange (port: number, steps: Step[], options: ExchangeOptions = {}): Promise<Exchange> {
  const timeoutMs = options.timeoutMs ?? 5000
  return await new Promise(resolve => {
    let raw = ''
    let settled = false
    const socket = connect(port, '127.0.0.1')
    socket.setEncoding('latin1')
    const finish = (result: Omit<Exchange, 'raw'>): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      resolve({ raw, ...result })
    }
    const timer = setTimeout(() => finish({ closed: false, timedOut: true }), timeoutMs)
    socket.on('data', (chunk: string) => {
      raw += chunk
      if (options.until?.(raw) === true) finish({ closed: false, timedOut: false })
    })
    socket.on('error', error => finish({ closed: true, timedOut: false, error: error.message }))
    socket.on('close', () => finish({ closed: true, timedOut: false }))
    async function write (): Promise<void> {
      for (const step of steps) {
        if (settled || socket.destroyed) return
        if (typeof step === 'string' || Buffer.isBuffer(step)) {
          socket.write(step)
        } else if ('delay' in step) {
          await sleep(step.delay)
        } else {
          finish({ closed: true, timedOut: false })
          return
        }
      }
    }
    socket.on('connect', () => {
      write().catch(error => finish({ closed: true, timedOut: false, error: String(error) }))
    })
  })
}

export interface ParsedResponse {
  status: number
  headers: Record<string, string>
  body: string
}

/**
 * Splits what a server sent into responses. `headMethods[i]` tells whether
 * the i-th final response answers a HEAD request (no body follows).
 * An incomplete trailing response is dropped.
 */
export function parseResponses (raw: string, headMethods: boolean[] = []): ParsedResponse[] {
  const responses: ParsedResponse[] = []
  let rest = raw
  let finals = 0
  for (;;) {
    const end = rest.indexOf('\r\n\r\n')
    if (end === -1 || !rest.startsWith('HTTP/1.')) return responses
    const [statusLine, ...lines] = rest.slice(0, end).split('\r\n')
    const status = Number(statusLine.split(' ')[1])
    const headers: Record<string, string> = {}
    for (const line of lines) {
      const colon = line.indexOf(':')
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
    }
    rest = rest.slice(end + 4)
    let body = ''
    const interim = status >= 100 && status < 200
    const bodiless = interim || status === 204 || status === 304 || headMethods[finals] === true
    if (!bodiless) {
      if (headers['transfer-encoding']?.toLowerCase() === 'chunked') {
        for (;;) {
          const lineEnd = rest.indexOf('\r\n')
          if (lineEnd === -1) return responses
          const size = parseInt(rest.slice(0, lineEnd), 16)
          if (rest.length < lineEnd + 2 + size + 2) return responses
          body += rest.slice(lineEnd + 2, lineEnd + 2 + size)
          rest = rest.slice(lineEnd + 2 + size + 2)
          if (size === 0) break
        }
      } else if (headers['content-length'] !== undefined) {
        const length = Number(headers['content-length'])
        if (rest.length < length) return responses
        body = rest.slice(0, length)
        rest = rest.slice(length)
      } else {
        body = rest
        rest = ''
      }
    }
    if (!interim) finals++
    responses.push({ status, headers, body })
  }
}

/** RFC 9110 §5.6.2 tokens, comma-separated: all an Allow field may hold. */
export const allowField = /^(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+(?:, ?[!#$%&'*+.^_`|~0-9A-Za-z-]+)*)?$/

/** A request with Connection: close, as one string. */
export function request (method: string, target: string, headers: string[] = [], body = '', version = 'HTTP/1.1'): string {
  return [`${method} ${target} ${version}`, 'Host: 127.0.0.1', 'Connection: close', ...headers, '', body].join('\r\n')
}

/** A request that keeps the connection open, for pipelining. */
export function keepAlive (method: string, target: string, headers: string[] = [], body = ''): string {
  return [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', ...headers, '', body].join('\r\n')
}
