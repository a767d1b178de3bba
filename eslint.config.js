'use strict'

module.exports = require('neostandard')({
  ts: true,
  // lib/declare/generated/ is TypeBox's compiler output (scripts/generate-schemas.js).
  ignores: ['dist/**', 'lib/declare/generated/**', 'coverage/**', '.tap/**', 'scratch/**']
})
