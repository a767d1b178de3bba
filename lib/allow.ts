/**
 * The one owner of the Allow list (RFC 9110 section 10.2.1): which methods it lists
 * and how its field value is written. 405s, automatic OPTIONS, `OPTIONS *`,
 * allowOnSuccess and allowedMethods() all build theirs here.
 */

/** Whether Allow lists `method`: it is routed, or it is OPTIONS and the plugin answers OPTIONS itself. */
export function listed (method: string, routed: boolean, autoOptions: boolean): boolean {
  return routed || (autoOptions && method === 'OPTIONS')
}

/** One field, the methods as a comma-separated list, in the order given (callers pass them sorted). */
export function formatAllow (allow: readonly string[]): string {
  return allow.join(', ')
}

/**
 * An Allow list with its field value, formatted once, and the last 405
 * message built from it. Answers are shared by the URLs that have the same
 * Allow list (lib/matcher.ts), so a URL that comes again reuses its message:
 * building it costs little, but fast-json-stringify's escape test flattens a
 * freshly concatenated string on every 405, about 1.5% of the request's
 * instructions (benchmarks/icount.js, "405 repeated").
 */
export class Answer {
  readonly header: string
  private method = ''
  private url = ''
  private message = ''

  constructor (readonly allow: readonly string[]) {
    this.header = formatAllow(allow)
  }

  /** The 405 message; it names `url` as the client sent it, query included, as Fastify's 404 message does. */
  notAllowed (method: string, url: string): string {
    if (this.url !== url || this.method !== method) {
      this.method = method
      this.url = url
      this.message = `Method ${method} is not allowed for ${url}; allowed: ${this.header}`
    }
    return this.message
  }
}
