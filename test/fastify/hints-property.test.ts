import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { checkGeneratedApps, failureOf } from '../helpers/generated-apps'
import { supportedMethods, type AppSpec } from '../helpers/fuzz-model'
import { instantiate } from '../../lib/ready/surface'
import { readRoutes, routeLookup } from '../../lib/router/fastify-edge'
import { builtInConstraints } from '../../lib/router/constraints'

// For generated apps (the differential fuzzer's route tables, hidden routes
// included) with `hints: true`, every 405 at a URL of each pattern: the
// message is the plain one, then at most a hint, and a hint names a pattern
// of the surface that serves the method, never one that only hidden routes
// have. A fixed seed keeps CI reproducible; HINTS_SEED and HINTS_RUNS widen it.
const seed = Number(process.env.HINTS_SEED ?? 4)
const numRuns = Number(process.env.HINTS_RUNS ?? 60)

async function problemsOf (app: FastifyInstance, spec: AppSpec, counts: Map<string, number>): Promise<string[]> {
  const surface = app.methodSurface()
  const lookup = routeLookup(app)
  const routes = readRoutes(app, app.supportedMethods)
  const visible = new Set(routes.filter(route => route.config !== false).map(route => route.pattern))
  const hiddenOnly = new Set(routes.filter(route => route.config === false && !visible.has(route.pattern)).map(route => route.pattern))
  const problems: string[] = []
  const seen = new Set<string>()
  for (const route of routes) {
    if (seen.has(route.pattern)) continue
    seen.add(route.pattern)
    const url = instantiate(route.pattern, lookup, route.method, builtInConstraints(route.constraints))
    if (url === undefined) continue
    for (const method of supportedMethods(spec)) {
      if (method === 'HEAD') continue
      const response = await app.inject({ method: method as 'GET', url })
      if (response.statusCode !== 405 || response.json().code !== 'FST_ERR_METHOD_NOT_ALLOWED') continue
      const message: string = response.json().message
      const plain: string = `Method ${method} is not allowed for ${url}; allowed: ${String(response.headers.allow)}`
      if (message === plain) {
        counts.set('plain', (counts.get('plain') ?? 0) + 1)
        continue
      }
      const prefix: string = `${plain}; ${method} is served at `
      if (!message.startsWith(prefix)) {
        problems.push(`${method} ${url}: message "${message}" is not "${plain}" with a hint`)
        continue
      }
      counts.set('hint', (counts.get('hint') ?? 0) + 1)
      const pattern = message.slice(prefix.length)
      if (hiddenOnly.has(pattern)) problems.push(`${method} ${url}: hint names ${pattern}, which only hidden routes have`)
      if (surface[pattern]?.allow.includes(method) !== true) problems.push(`${method} ${url}: hint names ${pattern}, where the surface does not list ${method}`)
    }
  }
  return problems
}

t.test('a 405 hint names a surface pattern serving the method, never a hidden one', async t => {
  const counts = new Map<string, number>()
  let apps: number
  try {
    apps = await checkGeneratedApps({ seed, numRuns, adapt: spec => ({ ...spec, plugin: { ...spec.plugin, hints: true } }) }, async (app, spec) => await problemsOf(app, spec, counts))
  } catch (error) {
    t.fail(`a hint broke its rule (replay with HINTS_SEED=${seed})\n${failureOf(error)}`)
    return
  }
  t.comment(`seed ${seed}: ${apps} apps, 405 messages ${JSON.stringify(Object.fromEntries(counts))}`)
  t.ok(apps >= numRuns / 2, 'most generated apps build')
  t.ok((counts.get('hint') ?? 0) > 10, 'many hints checked')
})
