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
 * An Allow list with its field value, formatted once. Shared by every URL
 * with the same list (lib/request/matcher.ts): a new URL costs no formatting.
 */
export class Answer {
  readonly header: string

  constructor (readonly allow: readonly string[]) {
    this.header = formatAllow(allow)
  }
}
