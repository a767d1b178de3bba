import type { onRequestHookHandler, onSendHookHandler } from 'fastify'

/**
 * Deprecated and retired methods of a route (`config.methodNotAllowed.deprecated`).
 * While deprecated, a method works and its responses say so (RFC 9745
 * Deprecation, RFC 8594 Sunset, and their link relations); from its sunset on,
 * or once declared retired, it is gone: the plugin answers it 405 and leaves it
 * out of every Allow list, as if the route no longer served it.
 */

export type { MethodDeprecation as DeprecationConfig } from '../../types/index'

/** A deprecated method of one route, with its dates read once (lib/declare/schedules.ts). */
export interface Deprecation {
  method: string
  /** Epoch milliseconds from which the method is retired; Infinity while it has no sunset. */
  retiresAt: number
  /** Declared `retired: true`: retired whatever the date, and it has no sunset to name. */
  declaredRetired: boolean
  /** The Deprecation and Sunset fields sent while the method still works. */
  headers: ReadonlyArray<readonly [string, string]>
  /** The Deprecation field value; undefined for a method declared retired, which never sends it. */
  deprecation?: string
  /** The link-values added to the response's Link field while the method works (RFC 8288 §3). */
  links?: string
  /** As configured, for messages, error handlers, logs and the method surface. */
  since?: string
  sunset?: string
  use?: string
  link?: string
}

export type Schedule = ReadonlyMap<string, Deprecation>

/** The one reading of "retired now": from the sunset on, or always once declared retired. */
export function isRetired (deprecation: Pick<Deprecation, 'retiresAt'>, now: number): boolean {
  return deprecation.retiresAt <= now
}

export interface DeprecationHooks {
  /** Sends Deprecation and Sunset while a method works; answers for it once retired. */
  onRequest: onRequestHookHandler
  /** Adds the deprecation links to the Link the response has by then, and use and link to the default 405 body; only when some method has a link or a use. */
  onSend?: onSendHookHandler
}
