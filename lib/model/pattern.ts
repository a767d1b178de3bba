/**
 * A route pattern as find-my-way reads it: `::` is a literal colon, `:name`
 * a parameter whose name ends at `(`, `-`, `.` or `/`, optionally followed by
 * a regular expression in parentheses, and `*` the rest of the path.
 */
export type PatternPart =
  | { readonly kind: 'static', readonly text: string }
  | { readonly kind: 'param', readonly name: string, readonly regex?: string }
  | { readonly kind: 'wildcard' }

export function readPattern (pattern: string): PatternPart[] {
  const parts: PatternPart[] = []
  let text = ''
  const flush = (): void => {
    if (text !== '') parts.push({ kind: 'static', text })
    text = ''
  }
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]
    if (char === ':' && pattern[i + 1] === ':') {
      text += ':'
      i++
    } else if (char === ':') {
      flush()
      let end = i + 1
      while (end < pattern.length && !'(-./'.includes(pattern[end])) end++
      const name = pattern.slice(i + 1, end)
      if (pattern[end] === '(') {
        const close = closingParenthesis(pattern, end)
        parts.push({ kind: 'param', name, regex: pattern.slice(end, close + 1) })
        end = close + 1
      } else {
        parts.push({ kind: 'param', name })
      }
      i = end - 1
    } else if (char === '*') {
      flush()
      parts.push({ kind: 'wildcard' })
    } else {
      text += char
    }
  }
  flush()
  return parts
}

/** The parenthesis closing the one at `open`; a backslash escapes the next character. */
function closingParenthesis (pattern: string, open: number): number {
  let depth = 0
  for (let i = open; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++
    else if (pattern[i] === '(') depth++
    else if (pattern[i] === ')' && --depth === 0) return i
  }
  return pattern.length - 1
}
