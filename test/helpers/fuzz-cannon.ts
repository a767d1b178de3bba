import { floodRequest, type TrafficClass } from './fuzz-flood'

// autocannon ships no types and @types/autocannon is not a devDependency:
// the few fields used here, declared by hand.
interface AutocannonResult {
  requests: { total: number, average: number }
  latency: { p50: number, p99: number, max: number }
  errors: number
  timeouts: number
  statusCodeStats?: Record<string, { count: number }>
}
const autocannon = require('autocannon') as (options: Record<string, unknown>) => Promise<AutocannonResult>

/**
 * An autocannon run over loopback with the flood's traffic (200, 404, 405,
 * automatic OPTIONS): unique URLs, each answer's status checked against the
 * one expected for it.
 */

export interface CannonResult {
  requests: number
  errors: number
  timeouts: number
  mismatches: number
  examples: string[]
  statusCodes: Record<string, number>
  latency: { p50: number, p99: number, max: number }
  requestsPerSecond: number
}

// autocannon refuses other methods (lib/httpMethods.js), so its traffic has no 501.
const cannonMethods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'PATCH'])

/** Runs for `seconds`, or for `amount` requests when that is given (autocannon then ignores the duration). */
export async function cannon (port: number, options: { seconds?: number, amount?: number, connections?: number, only?: TrafficClass }): Promise<CannonResult> {
  let counter = 0
  let mismatches = 0
  const examples: string[] = []
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: options.connections ?? 10,
    ...(options.amount === undefined ? { duration: options.seconds } : { amount: options.amount }),
    timeout: 5,
    requests: [{
      setupRequest (request: Record<string, unknown>, context: Record<string, unknown>) {
        let next = floodRequest(counter++, options.only)
        while (!cannonMethods.has(next.method)) next = floodRequest(counter++, options.only)
        context.expected = next
        return { ...request, method: next.method, path: next.url }
      },
      onResponse (status: number, _body: string, context: Record<string, unknown>) {
        const expected = context.expected as ReturnType<typeof floodRequest>
        if (status === expected.status) return
        mismatches++
        if (examples.length < 5) examples.push(`${expected.method} ${expected.url}: ${status}, expected ${expected.status}`)
      }
    }]
  })
  const statusCodes: Record<string, number> = {}
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) {
    statusCodes[code] = Number(stats.count)
  }
  return {
    requests: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches,
    examples,
    statusCodes,
    latency: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    requestsPerSecond: result.requests.average
  }
}
