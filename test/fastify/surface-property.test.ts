import t from 'tap'
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { appSpec } from '../helpers/fuzz-arbitraries'
import { acceptedTwin, buildApp, describeSpec, supportedMethods, type AppSpec } from '../helpers/fuzz-model'
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
  let apps = 0
  try {
    await fc.assert(fc.asyncProperty(appSpec, async spec => {
      // The routes Fastify accepts: an app that survives a refused route() may hold half of it.
      const twin = await acceptedTwin(spec)
      await twin.app.close()
      spec = twin.spec
      let app: FastifyInstance
      try {
        let rejected: string[]
        ({ app, rejected } = await buildApp(spec, true))
        if (rejected.length > 0) {
          await app.close()
          fc.pre(false)
          return
        }
      } catch {
        // Configurations the plugin refuses at ready prove nothing here.
        fc.pre(false)
        return
      }
      apps++
      try {
        const problems = await problemsOf(app, spec, counts)
        if (problems.length > 0) throw new Error(`${problems.slice(0, 8).join('\n')}\nspec: ${describeSpec(spec)}`)
      } finally {
        await app.close()
      }
    }), { seed, numRuns })
  } catch (error) {
    const cause = (error as Error).cause
    t.fail(`surface and answers disagree (replay with SURFACE_SEED=${seed})\n${(error as Error).message}\n${cause instanceof Error ? cause.message : ''}`)
    return
  }
  t.comment(`seed ${seed}: ${apps} apps, answers with Allow ${JSON.stringify(Object.fromEntries(counts))}`)
  t.ok(apps >= numRuns / 2, 'most generated apps build')
  t.ok((counts.get('405') ?? 0) > 20, 'many 405s compared')
})
