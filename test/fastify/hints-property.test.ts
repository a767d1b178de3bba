import t from 'tap'
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { appSpec } from '../helpers/fuzz-arbitraries'
import { acceptedTwin, buildApp, describeSpec, supportedMethods, type AppSpec } from '../helpers/fuzz-model'
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
  let apps = 0
  try {
    await fc.assert(fc.asyncProperty(appSpec, async spec => {
      // The routes Fastify accepts: an app that survives a refused route() may hold half of it.
      const twin = await acceptedTwin(spec)
      await twin.app.close()
      spec = { ...twin.spec, plugin: { ...twin.spec.plugin, hints: true } }
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
    t.fail(`a hint broke its rule (replay with HINTS_SEED=${seed})\n${(error as Error).message}\n${cause instanceof Error ? cause.message : ''}`)
    return
  }
  t.comment(`seed ${seed}: ${apps} apps, 405 messages ${JSON.stringify(Object.fromEntries(counts))}`)
  t.ok(apps >= numRuns / 2, 'most generated apps build')
  t.ok((counts.get('hint') ?? 0) > 10, 'many hints checked')
})
