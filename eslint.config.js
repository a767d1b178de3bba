'use strict'

module.exports = require('neostandard')({
  ts: true,
  // lib/generated/ is TypeBox's compiler output (scripts/generate-schemas.js).
  ignores: ['dist/**', 'lib/generated/**', 'coverage/**', '.tap/**', 'scratch/**']
})
