import type { FastifyBaseLogger, FastifyRequest, LogLevel } from 'fastify'
import { isRetired, type Deprecation } from '../model/deprecation'
import type { DeprecatedCall } from '../../types/index'

/** Reports one call of a deprecated or retired method. */
export type CallReporter = (request: FastifyRequest, deprecation: Deprecation) => void

/**
 * Before a sunset, the calls that still reach a deprecated method name the
 * clients that will break: one line through request.log (so it carries the
 * request id and the app's serializers) and the app's callback, for metrics.
 * Undefined when neither is wanted, so that the route's hook skips it; the
 * line is built only for a logger that prints it (`prints`).
 */
export function createCallReporter (level: LogLevel, callback: ((call: DeprecatedCall, request: FastifyRequest) => void) | undefined, now: () => number, prints: (log: FastifyBaseLogger) => boolean): CallReporter | undefined {
  if (level === 'silent' && callback === undefined) return undefined
  return function reportDeprecatedCall (request, deprecation) {
    const print = level !== 'silent' && prints(request.log)
    if (!print && callback === undefined) return
    const retired = isRetired(deprecation, now())
    const call: DeprecatedCall = {
      method: request.method,
      url: request.url,
      route: request.routeOptions.url as string,
      retired,
      since: deprecation.since,
      sunset: deprecation.sunset,
      use: deprecation.use,
      link: deprecation.link,
      userAgent: request.headers['user-agent']
    }
    if (print) request.log[level as Exclude<LogLevel, 'silent'>]({ deprecatedCall: call }, retired ? 'retired method called' : 'deprecated method called')
    callback?.(call, request)
  }
}
