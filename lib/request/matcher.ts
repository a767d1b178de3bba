import { Answer, listed } from '../model/allow'
import { answersKept, makesResource, type Candidate, type CandidateList } from '../model/candidates'
import type { Params, RouteLookup } from '../router/fastify-edge'
import type { RootCatchAllTest } from '../router/paths'

export interface Resolution {
  /** The sorted Allow list: every method routed for the URL, plus OPTIONS when automatic. Shared: never changed. */
  allow: readonly string[]
  /** The Allow list's field value and 405 message, shared by the URLs with this list. */
  answer: Answer
  /** Some route other than an OPTIONS route or a root catch-all matches the URL. */
  resource: boolean
  /** An OPTIONS route other than a root catch-all matches the URL. */
  ownOptions: boolean
  /** The request's own method is routed for the URL (a handler called callNotFound). */
  selfMatched: boolean
  /** The last 405 message built from this resolution, and the URL it names (lib/request/responder.ts). */
  message: string
  messageUrl: string
}

export interface MatcherSettings {
  lookup: RouteLookup
  isRootCatchAll: RootCatchAllTest
  autoOptions: boolean
  catchAllIsResource: boolean
}

/** Resolves a path, without its query string (see pathOf). */
export type Matcher = (candidates: CandidateList, path: string, method: string, constraints?: Record<string, unknown>) => Resolution

/** The path of a request target: the query string never changes the match, and the router need not parse it. */
export function pathOf (url: string): string {
  const query = url.indexOf('?')
  return query === -1 ? url : url.slice(0, query)
}

/**
 * Asks the router once per candidate, fewer where methods share their routes
 * (`same`), so the cost grows with the number of methods in use and never
 * with the number of routes.
 * `candidates` must be sorted: the Allow list comes out sorted without a sort
 * per request.
 */
export function createMatcher ({ lookup, isRootCatchAll, autoOptions, catchAllIsResource }: MatcherSettings): Matcher {
  return function resolve ({ methods, answers }, path, method, constraints) {
    // Bit i: candidate i is listed; a list too long for a mask collects the methods instead.
    let mask = 0
    const long: string[] | undefined = answers === undefined ? [] : undefined
    let resource = false
    let ownOptions = false
    let selfMatched = false

    // What the router answered for each candidate, before retirement.
    const found: Array<Params | null> = []
    for (let i = 0; i < methods.length; i++) {
      const { method: candidate, ask, retired, same } = methods[i]
      const params = same === undefined ? (ask ? lookup(candidate, path, constraints) : null) : found[same]
      found.push(params)
      // A retired method is no longer served, as far as any answer tells; its
      // route still makes the URL a resource, whose Allow may then be empty
      // (RFC 9110 §10.2.1), so that every answer about the URL agrees.
      const served = params !== null && (retired === undefined || !retired(path, constraints))
      if (listed(candidate, served, autoOptions)) {
        if (long === undefined) mask |= 1 << i
        else long.push(candidate)
      }
      if (params === null) continue
      const rootCatchAll = isRootCatchAll(params, path)
      if (makesResource(candidate, rootCatchAll, catchAllIsResource)) {
        resource = true
      } else if (candidate === 'OPTIONS' && served && (catchAllIsResource || !rootCatchAll)) {
        ownOptions = true
      }
      if (served && candidate === method) selfMatched = true
    }
    const answer = long === undefined ? shared(answers as Map<number, Answer>, methods, mask) : new Answer(long)
    return { allow: answer.allow, answer, resource, ownOptions, selfMatched, message: '', messageUrl: '' }
  }
}

function shared (answers: Map<number, Answer>, methods: readonly Candidate[], mask: number): Answer {
  let answer = answers.get(mask)
  if (answer === undefined) {
    answer = new Answer(methods.filter((_, i) => (mask & (1 << i)) !== 0).map(candidate => candidate.method))
    if (answers.size < answersKept) answers.set(mask, answer)
  }
  return answer
}
