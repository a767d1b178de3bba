import { checkSurface } from './surface/check'
import { diffSurfaces } from './surface/diff'
import { formatChanges, formatFindings } from './surface/report'

// `fastify-method-not-allowed/check`: the method surface checked against an
// OpenAPI document and against the last release. A separate entry point, so
// that the plugin's own require() loads none of it. The CommonJS shape is
// described by types/check.d.ts, as lib/index.ts is by types/index.d.ts.
module.exports.checkSurface = checkSurface
module.exports.diffSurfaces = diffSurfaces
module.exports.formatFindings = formatFindings
module.exports.formatChanges = formatChanges
