import type { FastifyBaseLogger, FastifyRequest, LogLevel } from 'fastify'
import { isRetired, type Deprecation } from '../model/deprecation'
import type { DeprecatedCall } from '../../types/index'

/** Reports one call of a deprecated or retired method. */
export type CallReporter = (request: FastifyRequest, deprecation: Deprecation) => void

/**
 * Before a sunset, the calls that still reach a deprecated method name the
 * clients that will break: one line through request.log (so it carries the
 * request id and the app's serializers) and the app's callback, for metrics.
 * The line is built only for a logger that prints it (`prints`; undefined
 * where none can: the level is 'silent', or logging is off). Undefined when
 * neither line nor callback is wanted, so that the route's hook skips it.
 */
export function createCallReporter (level: LogLevel, callback: ((call: DeprecatedCall, request: FastifyRequest) => void) | undefined, now: () => number, prints: ((log: FastifyBaseLogger) => boolean) | undefined): CallReporter | undefined {
  if (prints === undefined && callback === undefined) return undefined
  return function reportDeprecatedCall (request, deprecation) {
    const print = prints !== undefined && prints(request.log)
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
