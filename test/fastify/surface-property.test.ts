import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { checkGeneratedApps, failureOf } from '../helpers/generated-apps'
import { supportedMethods, type AppSpec } from '../helpers/fuzz-model'
import { instantiate } from '../../lib/ready/surface'
import { readRoutes, routeLookup } from '../../lib/router/fastify-edge'
import { builtInConstraints } from '../../lib/router/constraints'

// For generated apps (the differential fuzzer's route tables: prefixes,
// parameters, regular expressions, wildcards, constraints, hidden routes,
// narrowed methods, router options), every route pattern instantiated as a
// URL of its own: where the surface lists the pattern, every Allow any
// answer at that URL sends (405, automatic OPTIONS, allowOnSuccess) is the
// surface's; where it does not, no answer sends Allow at all. A fixed seed
// keeps CI reproducible; SURFACE_SEED and SURFACE_RUNS widen it.
const seed = Number(process.env.SURFACE_SEED ?? 19)
const numRuns = Number(process.env.SURFACE_RUNS ?? 40)

async function problemsOf (app: FastifyInstance, spec: AppSpec, counts: Map<string, number>): Promise<string[]> {
  const surface = app.methodSurface()
  const lookup = routeLookup(app)
  const problems: string[] = []
  const seen = new Set<string>()
  for (const route of readRoutes(app, app.supportedMethods)) {
    if (seen.has(route.pattern)) continue
    seen.add(route.pattern)
    const url = instantiate(route.pattern, lookup, route.method, builtInConstraints(route.constraints))
    if (url === undefined) continue
    const entry = surface[route.pattern]
    const expected = entry?.allow.join(', ')
    for (const method of supportedMethods(spec)) {
      const response = await app.inject({ method: method as 'GET', url })
      const allow = response.headers.allow
      if (allow === undefined) continue
      const kind = response.statusCode === 405 ? '405' : method === 'OPTIONS' ? 'options' : 'success'
      counts.set(kind, (counts.get(kind) ?? 0) + 1)
      if (allow !== expected) problems.push(`${method} ${url} (${route.pattern}): ${response.statusCode} with Allow "${String(allow)}", surface ${expected === undefined ? 'leaves the pattern out' : `"${expected}"`}`)
    }
  }
  for (const pattern of Object.keys(surface)) {
    if (!seen.has(pattern)) problems.push(`surface lists ${pattern}, which no route has`)
  }
  const keys = Object.keys(surface)
  if (keys.join('\n') !== [...keys].sort().join('\n')) problems.push('surface keys are not sorted')
  return problems
}

t.test('every Allow sent at a pattern\'s URL is the surface\'s, and patterns left out send none', async t => {
  const counts = new Map<string, number>()
  let apps: number
  try {
    apps = await checkGeneratedApps({ seed, numRuns }, async (app, spec) => await problemsOf(app, spec, counts))
  } catch (error) {
    t.fail(`surface and answers disagree (replay with SURFACE_SEED=${seed})\n${failureOf(error)}`)
    return
  }
  t.comment(`seed ${seed}: ${apps} apps, answers with Allow ${JSON.stringify(Object.fromEntries(counts))}`)
  t.ok(apps >= numRuns / 2, 'most generated apps build')
  t.ok((counts.get('405') ?? 0) > 20, 'many 405s compared')
})
