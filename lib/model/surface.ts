/**
 * The method surface (lib/ready/surface.ts builds it; lib/surface/ checks and
 * compares it): plain JSON, keys sorted, so that a snapshot of it reads as a
 * review of the API's methods.
 */
export type { MethodSurface, PathSurface, SurfaceDeprecation } from '../../types/index'
