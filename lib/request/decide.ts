import type { Resolution } from './matcher'

/**
 * The per-request decision, as plain functions of what is known about the
 * request, so that it is tested without Fastify (test/decision.test.ts). The
 * hooks only gather the facts and carry out the step.
 */

/** Fastify's 404 stands. */
export const PASS = 0
/** RFC 9110 §9.3.7: `OPTIONS *` asks about the server. */
export const ASTERISK = 1
/** RFC 9110 §15.6.2: a method the server routes nowhere. */
export const NOT_IMPLEMENTED = 2
/** Only the router can tell: resolve the URL, then call afterLookup(). */
export const LOOKUP = 3
/** RFC 9110 §9.3.7: an automatic OPTIONS answer. */
export const OPTIONS = 4
/** RFC 9110 §15.5.6: 405 with Allow. */
export const NOT_ALLOWED = 5

export type BeforeLookup = typeof PASS | typeof ASTERISK | typeof NOT_IMPLEMENTED | typeof LOOKUP
export type AfterLookup = typeof PASS | typeof OPTIONS | typeof NOT_ALLOWED

export interface DecisionOptions {
  autoOptions: boolean
  notImplemented: boolean
}

/**
 * What the method and the target decide before any router lookup. `isHidden`
 * is asked only for a method the server routes somewhere.
 */
export function beforeLookup (method: string, url: string, supported: boolean, isHidden: (url: string) => boolean, options: DecisionOptions): BeforeLookup {
  if (url === '*' && method === 'OPTIONS' && options.autoOptions) return ASTERISK
  // A method routed nowhere gets the same answer on every URL, so it tells a
  // hidden URL from a URL that does not exist no more than anything else does.
  if (!supported) return options.notImplemented ? NOT_IMPLEMENTED : PASS
  // A hidden route keeps its secret: the URL answers as one that does not exist.
  if (isHidden(url)) return PASS
  // The asterisk-form is only meaningful for OPTIONS (RFC 9110 §7.1).
  return url === '*' ? PASS : LOOKUP
}

/**
 * What the URL's resolution decides. A 405 still gives way when the method
 * turns out to be routed for the URL under other constraint values (the hook
 * asks the router only then).
 */
export function afterLookup (method: string, resolution: Pick<Resolution, 'resource' | 'ownOptions' | 'selfMatched'>, autoOptions: boolean): AfterLookup {
  if (!resolution.resource) return PASS
  if (method === 'OPTIONS' && autoOptions && !resolution.ownOptions) return OPTIONS
  // The method is routed here after all: a handler called callNotFound(), or
  // a version or host constraint did not match. Either way, Fastify's 404 stands.
  return resolution.selfMatched ? PASS : NOT_ALLOWED
}
