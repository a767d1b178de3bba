'use strict'
// tap's coverage map (.taprc): which files each test file's coverage counts
// for. [] is tap's default, every file it loads outside node_modules/; null
// collects no coverage in that test's process and the processes it starts.
//
// Precise V8 coverage counts every block a process runs, which slows it by a
// fifth or more. These files load no module of lib/, so their coverage
// could never count (they drive npm, tsc, the built dist/ and the
// benchmarks); and the flood, which sends some 150,000 requests to show a flat
// heap, reaches no line of lib/ that the feature tests do not, and its heap
// figures are closer to an application's without coverage's own allocations.
const uncovered = new Set([
  'test/package/bench-smoke.test.ts',
  'test/package/docs.test.ts',
  'test/package/example.test.ts',
  'test/package/package.test.ts',
  'test/long/flood.test.ts'
])

module.exports = file => uncovered.has(file) ? null : []
