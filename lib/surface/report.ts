import type { CheckFinding } from './check'
import type { SurfaceChange } from './diff'

/** One line per finding, for a terminal or a CI log. */
export function formatFindings (findings: readonly CheckFinding[]): string {
  if (findings.length === 0) return 'The server answers every operation of the document, and only those.\n'
  const lines = findings.map(line)
  return `${lines.join('\n')}\n${count(findings.length, 'finding')}\n`
}

function line (finding: CheckFinding): string {
  switch (finding.kind) {
    case 'missing':
      return finding.route === undefined
        ? `${finding.method} ${finding.path}: documented, answered 404 (no route)`
        : `${finding.method} ${finding.path}: documented, answered 405 at ${finding.route}${finding.retired === true ? ' (retired)' : ''}`
    case 'undocumented':
      return `${finding.method} ${finding.route}: served, not documented`
    case 'deprecation':
      return `${finding.method} ${finding.path}: ${finding.document ? 'deprecated in the document, not on the server' : 'deprecated on the server, not in the document'}`
  }
}

/** Breaking changes first, then the others. */
export function formatChanges (changes: readonly SurfaceChange[]): string {
  const breaking = changes.filter(change => change.breaking)
  const other = changes.filter(change => !change.breaking)
  const lines: string[] = []
  if (breaking.length > 0) lines.push(`${count(breaking.length, 'breaking change')}:`, ...breaking.map(describe))
  if (other.length > 0) lines.push(`${count(other.length, 'other change')}:`, ...other.map(describe))
  if (lines.length === 0) lines.push('No change.')
  return lines.join('\n') + '\n'
}

function describe (change: SurfaceChange): string {
  const at = `  ${change.method} ${change.path}: `
  switch (change.kind) {
    case 'removed':
      return at + (change.breaking ? 'removed without a past sunset' : 'removed after its sunset')
    case 'retired':
      return at + (change.breaking ? 'retired without a past sunset' : 'retired after its sunset')
    case 'accept-narrowed':
      return at + `${change.method === 'PATCH' ? 'Accept-Patch' : 'Accept-Post'} no longer lists ${change.removed.join(', ')}`
    case 'added':
      return at + 'added'
    case 'deprecated':
      return at + 'deprecated' + (change.sunset === undefined ? '' : `, sunset ${change.sunset}`)
  }
}

function count (n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
