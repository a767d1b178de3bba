import type { MethodSurface } from './index'

/** `fastify-method-not-allowed/check`: the method surface against an OpenAPI 3 document and against the last release. */
export interface CheckOptions {
  /** The path the document's paths are appended to in the app. Default: the path of the document's first server URL. */
  basePath?: string
}

export type CheckFinding =
  /** The document describes the operation; the server answers 404 (no visible route) or 405 (another method's route, or the method is retired). */
  | { kind: 'missing', method: string, path: string, route?: string, status: 404 | 405, retired?: true }
  /** The server serves the method; the document does not describe it. */
  | { kind: 'undocumented', method: string, route: string }
  /** The document and the server disagree on whether the method is deprecated. */
  | { kind: 'deprecation', method: string, path: string, route: string, document: boolean, server: boolean }

export interface DiffOptions {
  /** Milliseconds since the epoch at which sunsets are judged. Default Date.now(). */
  now?: number
}

export type SurfaceChange =
  | { kind: 'removed', breaking: boolean, path: string, method: string }
  | { kind: 'retired', breaking: boolean, path: string, method: string }
  | { kind: 'accept-narrowed', breaking: true, path: string, method: 'PATCH' | 'POST', removed: string[] }
  | { kind: 'added', breaking: false, path: string, method: string }
  | { kind: 'deprecated', breaking: false, path: string, method: string, sunset?: string }

/** Per path of the document: operations the server answers 404 or 405, methods it serves undocumented, deprecation mismatches. */
export function checkSurface (surface: MethodSurface, document: unknown, options?: CheckOptions): CheckFinding[]
/** What changed from `before` to `after`; `breaking` marks what breaks a client of `before`. */
export function diffSurfaces (before: MethodSurface, after: MethodSurface, options?: DiffOptions): SurfaceChange[]
/** One line per finding. */
export function formatFindings (findings: readonly CheckFinding[]): string
/** Breaking changes first, then the others. */
export function formatChanges (changes: readonly SurfaceChange[]): string

export type { MethodSurface, PathSurface, SurfaceDeprecation } from './index'
