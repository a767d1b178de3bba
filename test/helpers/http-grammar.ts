/**
 * Small recognisers written from the ABNF of the standards that define the
 * headers the plugin sends, so that tests check the standard, not the
 * plugin's own output. Each returns the parsed value, or throws saying which
 * rule failed.
 */

// RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
const tchar = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/
// RFC 9110 §5.6.3: OWS = *( SP / HTAB )
const ows = /[ \t]/

class Cursor {
  at = 0
  constructor (readonly text: string, readonly rule: string) {}
  get done (): boolean { return this.at >= this.text.length }
  peek (): string { return this.text[this.at] ?? '' }
  fail (why: string): never {
    throw new Error(`${this.rule}: ${why} at ${this.at} in ${JSON.stringify(this.text)}`)
  }

  skip (pattern: RegExp): void {
    while (!this.done && pattern.test(this.peek())) this.at++
  }

  expect (char: string): void {
    if (this.peek() !== char) this.fail(`expected ${JSON.stringify(char)}`)
    this.at++
  }

  token (): string {
    const start = this.at
    this.skip(tchar)
    if (this.at === start) this.fail('expected a token')
    return this.text.slice(start, this.at)
  }

  /** RFC 9110 §5.6.4: quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE. */
  quotedString (): string {
    this.expect('"')
    let value = ''
    for (;;) {
      if (this.done) this.fail('unterminated quoted-string')
      const char = this.peek()
      this.at++
      if (char === '"') return value
      if (char === '\\') {
        // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
        if (this.done) this.fail('a quoted-pair needs a character')
        value += this.peek()
        this.at++
        continue
      }
      // qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
      const code = char.charCodeAt(0)
      if (!(code === 0x09 || code === 0x20 || code === 0x21 || (code >= 0x23 && code <= 0x7e) || code >= 0x80)) this.fail('not qdtext')
      value += char
    }
  }
}

/**
 * RFC 9110 §5.6.1: `#element` lists: elements separated by OWS "," OWS;
 * a recipient accepts empty elements. Field lines of one field combine with ", " (§5.3).
 */
function fieldValue (value: string | string[] | number | undefined): string | undefined {
  if (value === undefined) return undefined
  return Array.isArray(value) ? value.join(', ') : String(value)
}

/** RFC 9110 §10.2.1: Allow = #method, method = token (§9.1). Also Access-Control-Allow-Methods (Fetch: `#method`). */
export function parseMethodList (value: string | string[] | number | undefined, rule = 'Allow'): string[] {
  const text = fieldValue(value)
  if (text === undefined) throw new Error(`${rule}: field absent`)
  const cursor = new Cursor(text, rule)
  const methods: string[] = []
  for (;;) {
    cursor.skip(ows)
    if (cursor.done) return methods
    if (cursor.peek() === ',') {
      cursor.at++
      continue
    }
    methods.push(cursor.token())
    cursor.skip(ows)
    if (!cursor.done) cursor.expect(',')
  }
}

/**
 * RFC 9745 §2.1: Deprecation = sf-date, an RFC 9651 Item whose bare item is a
 * Date: sf-item = bare-item parameters; sf-date = "@" sf-integer;
 * sf-integer = ["-"] 1*15DIGIT; parameters = *( ";" *SP key [ "=" bare-item ] );
 * key = ( lcalpha / "*" ) *( lcalpha / DIGIT / "_" / "-" / "." / "*" ).
 * Returns the date in seconds since the epoch.
 */
export function parseStructuredDate (value: string | string[] | number | undefined): number {
  const text = fieldValue(value)
  // RFC 9651 §4.2: leading and trailing SP are discarded before parsing.
  const match = text === undefined ? null : /^ *@(-?[0-9]{1,15})((?:; *[a-z*][a-z0-9_.*-]*(?:=[^;]*)?)*) *$/.exec(text)
  if (match === null) throw new Error(`Deprecation: not an sf-date: ${JSON.stringify(text)}`)
  return Number(match[1])
}

const dayNames = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * RFC 9110 §5.6.7: IMF-fixdate = day-name "," SP date1 SP time-of-day SP GMT;
 * date1 = day SP month SP year (2DIGIT, month name, 4DIGIT);
 * time-of-day = hour ":" minute ":" second (2DIGIT each; second up to 60 for a leap second).
 * Senders MUST generate IMF-fixdate (RFC 8594 §3: Sunset = HTTP-date). The
 * day-name must be that of the date. Returns epoch milliseconds.
 */
export function parseImfFixdate (value: string | string[] | number | undefined): number {
  const text = fieldValue(value)
  const match = text === undefined
    ? null
    : /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), ([0-9]{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([0-9]{4}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) GMT$/.exec(text)
  if (match === null) throw new Error(`Sunset: not an IMF-fixdate: ${JSON.stringify(text)}`)
  const [, dayName, day, month, year, hour, minute, second] = match
  const time = Date.UTC(Number(year), monthNames.indexOf(month), Number(day), Number(hour), Number(minute), Math.min(Number(second), 59))
  const date = new Date(time)
  if (date.getUTCDate() !== Number(day) || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 60) {
    throw new Error(`Sunset: no such date or time: ${JSON.stringify(text)}`)
  }
  if (dayNames[date.getUTCDay()] !== dayName) throw new Error(`Sunset: ${dayName} is not the day of ${day} ${month} ${year}`)
  return time
}

export interface LinkValue {
  target: string
  params: Map<string, string>
}

// RFC 3986 §4.1: URI-reference characters (unreserved, pct-encoded, sub-delims, gen-delims).
const uriReference = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#[\]]|%[0-9A-Fa-f]{2})*$/

/**
 * RFC 8288 §3: Link = #link-value;
 * link-value = "<" URI-Reference ">" *( OWS ";" OWS link-param );
 * link-param = token BWS [ "=" BWS ( token / quoted-string ) ].
 * Parameter names are case-insensitive (lowercased here).
 */
export function parseLinks (value: string | string[] | number | undefined): LinkValue[] {
  const text = fieldValue(value)
  if (text === undefined) return []
  const cursor = new Cursor(text, 'Link')
  const links: LinkValue[] = []
  for (;;) {
    cursor.skip(ows)
    if (cursor.done) return links
    if (cursor.peek() === ',') {
      cursor.at++
      continue
    }
    cursor.expect('<')
    const end = text.indexOf('>', cursor.at)
    if (end === -1) cursor.fail('unterminated URI-Reference')
    const target = text.slice(cursor.at, end)
    if (!uriReference.test(target)) cursor.fail(`not a URI-Reference: ${target}`)
    cursor.at = end + 1
    const params = new Map<string, string>()
    for (;;) {
      cursor.skip(ows)
      if (cursor.peek() !== ';') break
      cursor.at++
      cursor.skip(ows)
      const name = cursor.token().toLowerCase()
      cursor.skip(ows)
      let param = ''
      if (cursor.peek() === '=') {
        cursor.at++
        cursor.skip(ows)
        param = cursor.peek() === '"' ? cursor.quotedString() : cursor.token()
      }
      // RFC 8288 §3.3: occurrences of rel after the first are ignored.
      if (!params.has(name)) params.set(name, param)
    }
    links.push({ target, params })
    cursor.skip(ows)
    if (!cursor.done) cursor.expect(',')
  }
}

/** RFC 8288 §3.3: rel is a space-separated list of relation types; the targets of one relation type. */
export function targetsOf (links: readonly LinkValue[], rel: string): string[] {
  return links.filter(link => (link.params.get('rel') ?? '').toLowerCase().split(/ +/).includes(rel)).map(link => link.target)
}
