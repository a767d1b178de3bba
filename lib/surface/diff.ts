import type { DiffOptions, SurfaceChange } from '../../types/check'
import type { MethodSurface, PathSurface } from '../model/surface'

export type { DiffOptions, SurfaceChange }

/**
 * What changed between two method surfaces (app.methodSurface() of the last
 * release and of this one), sorted by path and method. A client of the old
 * surface breaks on a method that disappears, or is retired, without the old
 * surface having announced a sunset now past (RFC 8594), and on a media
 * type Accept-Patch or Accept-Post stops listing (RFC 5789 §3.1).
 */
export function diffSurfaces (before: MethodSurface, after: MethodSurface, options: DiffOptions = {}): SurfaceChange[] {
  const now = options.now ?? Date.now()
  const changes: SurfaceChange[] = []
  const paths = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()
  const none: PathSurface = { allow: [] }
  for (const path of paths) {
    const old = before[path] ?? none
    const next = after[path] ?? none
    for (const method of old.allow) {
      if (next.allow.includes(method)) continue
      const sunset = old.deprecated?.[method]?.sunset
      const announced = sunset !== undefined && Date.parse(sunset) <= now
      const kind = next.deprecated?.[method]?.retired === true ? 'retired' : 'removed'
      changes.push({ kind, breaking: !announced, path, method })
    }
    for (const method of next.allow) {
      if (!old.allow.includes(method)) changes.push({ kind: 'added', breaking: false, path, method })
    }
    for (const [method, deprecation] of Object.entries(next.deprecated ?? {})) {
      if (deprecation.retired || old.deprecated?.[method] !== undefined || !next.allow.includes(method)) continue
      const change: SurfaceChange = { kind: 'deprecated', breaking: false, path, method }
      if (deprecation.sunset !== undefined) change.sunset = deprecation.sunset
      changes.push(change)
    }
    for (const [method, key] of [['PATCH', 'acceptPatch'], ['POST', 'acceptPost']] as const) {
      if (!old.allow.includes(method) || !next.allow.includes(method)) continue
      const removed = narrowed(old[key], next[key])
      if (removed.length > 0) changes.push({ kind: 'accept-narrowed', breaking: true, path, method, removed })
    }
  }
  return changes.sort((a, b) => compareText(a.path, b.path) || compareText(a.method, b.method) || compareText(a.kind, b.kind))
}

/** The media types `before` lists that `after` no longer admits; the full media range admits all. */
function narrowed (before: readonly string[] = [], after: readonly string[] = []): string[] {
  if (after.includes('*/*')) return []
  return before.filter(type => !after.includes(type))
}

function compareText (a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
