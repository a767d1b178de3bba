import { Writable } from 'node:stream'

/** A Fastify logger (`Fastify({ logger })`) at trace level that keeps its lines, parsed, in `lines`. */
export function captureLog<Line> (): { lines: Line[], logger: { level: string, stream: Writable } } {
  const lines: Line[] = []
  const stream = new Writable({
    write (chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Line)
      callback()
    }
  })
  return { lines, logger: { level: 'trace', stream } }
}
