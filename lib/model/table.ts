import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Answer } from './allow'
import type { CandidateList } from './candidates'

/**
 * What the plugin knows of Fastify's routes: built at ready (lib/ready/),
 * read on the request path (lib/request/).
 */
export interface RouteTable {
  /** fastify.supportedMethods. */
  supported: ReadonlySet<string>
  /** The methods an Allow list may hold, sorted: the order of every Allow list. */
  candidates: CandidateList
  isHidden: HiddenTest
  constraints: Constraints
  /** The instants at which some route retires a method, sorted: answers change only there (lib/request/cache.ts). */
  sunsets: readonly number[]
  /** Sets Accept-Patch and Accept-Post on an automatic OPTIONS answer. */
  acceptBody: AcceptBody
  /** The candidates worth asking about for a path; undefined where no route can make it a resource (the scanners' 404 in one lookup). */
  candidatesFor: PathCandidates
  /** What the one decision (lib/request/decide.ts) needs besides the request's facts. */
  rules: Rules
}

export interface Rules {
  autoOptions: boolean
  notImplemented: boolean
  /** The Allow list of `OPTIONS *`: methods that some visible route serves. */
  asterisk: Answer
}

/** Whether a route with `config.methodNotAllowed: false` serves this URL, for some method and some client. */
export type HiddenTest = (url: string) => boolean

/**
 * The candidates worth asking the router about for a path: only methods with a
 * route that can match it. Undefined where no route that can make a URL a
 * resource matches the path, for any method or constraint value.
 */
export type PathCandidates = (path: string) => CandidateList | undefined

/** Sets Accept-Patch and Accept-Post on an automatic OPTIONS answer for `path`. */
export type AcceptBody = (reply: FastifyReply, allow: readonly string[], path: string, constraints: Record<string, unknown> | undefined) => void

export interface Constraints {
  /** This request's values for the constraints routes use; undefined while no route uses any. */
  derive (request: FastifyRequest): Record<string, unknown> | undefined
  /** Whether `method` is routed for `path` under constraint values other than the request's. */
  routedElsewhere (method: string, path: string): boolean
}
