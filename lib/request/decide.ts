import type { Answer } from '../model/allow'
import { isRetired, type Deprecation } from '../model/deprecation'
import type { Rules } from '../model/table'
import type { Resolution } from './matcher'

/**
 * The one per-request decision: every 405, automatic OPTIONS, `OPTIONS *`,
 * retired method's 405 and 501 is decided here, by a plain function of the
 * facts about a request, and returned as data. The hooks (lib/request/hooks.ts)
 * gather the facts and carry out the verdict; test/unit/decide.test.ts holds
 * every branch without Fastify.
 */

/** Where the facts were gathered. */
export type Place =
  /** The preHandler of every not-found handler. */
  | 'not-found'
  /** The onRequest hook of a route that deprecates some of its methods. */
  | 'route'
  /** An OPTIONS route that the asterisk-form target `*` reaches. */
  | 'root-options'
  /** allowedMethods() and allowOnSuccess: the Allow list of a 405 here. */
  | 'list'
  /** What a CORS preflight may announce (lib/integrations/cors.ts). */
  | 'preflight'

export interface Facts {
  readonly at: Place
  /** The request's method; '' for a list. */
  readonly method: string
  /** The request target as received: `*` is the asterisk-form. */
  readonly url: string
  /** fastify.supportedMethods holds the method: some route may serve it. */
  readonly supported: boolean
  /** At a route: its deprecation of the method, if any. */
  readonly deprecation: Deprecation | undefined
  // The facts that cost a lookup, asked only when the verdict needs them.
  now (): number
  /** A hidden route serves the URL. */
  isHidden (): boolean
  /** What the router says of the URL; undefined where no route can make it a resource. */
  resolution (): Resolution | undefined
  /** The method is routed for the URL under constraint values other than the request's. */
  routedElsewhere (): boolean
}

export type Verdict =
  /** Fastify's answer stands: the 404, or the route's own handler. */
  | { readonly act: 'pass' }
  /** RFC 9110 §9.3.7: 200 with Allow; for a resource, its Accept-Patch and Accept-Post too. */
  | { readonly act: 'options', readonly answer: Answer, readonly acceptBody: boolean }
  /** RFC 9110 §15.5.6: 405 with Allow. */
  | { readonly act: 'not-allowed', readonly resolution: Resolution }
  /** A 405 for a method the route has retired: Allow no longer lists it. */
  | { readonly act: 'retired', readonly resolution: Resolution, readonly deprecation: Deprecation }
  /** The route gives way to the not-found path, which decides again (reply.callNotFound()). */
  | { readonly act: 'not-found' }
  /** RFC 9110 §15.6.2: a method the server routes nowhere. */
  | { readonly act: 'not-implemented' }
  /** RFC 9745 and RFC 8594: the method works, and the response says it is deprecated. */
  | { readonly act: 'deprecated', readonly deprecation: Deprecation }
  /** The Allow list of the URL. */
  | { readonly act: 'list', readonly answer: Answer }

const PASS: Verdict = { act: 'pass' }
const NOT_FOUND: Verdict = { act: 'not-found' }
const NOT_IMPLEMENTED: Verdict = { act: 'not-implemented' }

export function decide (facts: Facts, rules: Rules): Verdict {
  const { at, method, url } = facts

  if (at === 'route') {
    const deprecation = facts.deprecation
    if (deprecation === undefined) return PASS
    if (!isRetired(deprecation, facts.now())) return { act: 'deprecated', deprecation }
    // Retired: the route no longer serves this method; the URL's other methods say so.
    const resolution = facts.resolution()
    // Where no route is left to answer, the not-found path answers as for any
    // method the URL is not routed for: an OPTIONS route gives way to the
    // automatic OPTIONS, and a URL that only an OPTIONS route or a root
    // catch-all matched gets Fastify's 404.
    if (resolution === undefined || !resolution.resource || (method === 'OPTIONS' && rules.autoOptions)) return NOT_FOUND
    return { act: 'retired', resolution, deprecation }
  }

  if (at === 'list' || at === 'preflight') {
    // A hidden route keeps its secret: no list, as for a URL that does not exist.
    if (facts.isHidden()) return PASS
    const resolution = facts.resolution()
    // An OPTIONS route makes no resource (no 405, no automatic OPTIONS), but
    // it serves the preflight's URL: the browser must be able to reach it.
    if (resolution === undefined || !(resolution.resource || (at === 'preflight' && resolution.ownOptions))) return PASS
    return { act: 'list', answer: resolution.answer }
  }

  // RFC 9110 §9.3.7: `OPTIONS *` asks about the server, not a resource. The
  // router sends it to an OPTIONS route at the root, or to the not-found path.
  if (url === '*' && method === 'OPTIONS' && rules.autoOptions) return { act: 'options', answer: rules.asterisk, acceptBody: false }
  if (at === 'root-options') return PASS
  // A method routed nowhere gets the same answer on every URL, so it tells a
  // hidden URL from a URL that does not exist no more than anything else does.
  if (!facts.supported) return rules.notImplemented ? NOT_IMPLEMENTED : PASS
  // A hidden route keeps its secret: the URL answers as one that does not exist.
  if (facts.isHidden()) return PASS
  // The asterisk-form is only meaningful for OPTIONS (RFC 9110 §7.1).
  if (url === '*') return PASS
  const resolution = facts.resolution()
  // OPTIONS routes and root catch-alls make no resource (lib/model/candidates.ts).
  if (resolution === undefined || !resolution.resource) return PASS
  if (method === 'OPTIONS' && rules.autoOptions && !resolution.ownOptions) return { act: 'options', answer: resolution.answer, acceptBody: true }
  // The method is routed here after all: a handler called callNotFound(), or
  // a version or host constraint did not match. Either way, Fastify's 404 stands.
  if (resolution.selfMatched || facts.routedElsewhere()) return PASS
  return { act: 'not-allowed', resolution }
}
