import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { appSpec } from './fuzz-arbitraries'
import { acceptedTwin, buildApp, describeSpec, type AppSpec } from './fuzz-model'

export interface AppsRun {
  seed: number
  numRuns: number
  /** Turns the accepted spec into the one to build (for example, with an option on). */
  adapt?: (spec: AppSpec) => AppSpec
}

/**
 * A property over generated apps (the differential fuzzer's route tables)
 * that Fastify and the plugin accept whole: `problemsOf` lists what is wrong
 * with one ready app. Resolves with the number of apps checked; rejects with
 * the first app's problems and its spec.
 */
export async function checkGeneratedApps ({ seed, numRuns, adapt = spec => spec }: AppsRun, problemsOf: (app: FastifyInstance, spec: AppSpec) => Promise<string[]>): Promise<number> {
  let apps = 0
  await fc.assert(fc.asyncProperty(appSpec, async generated => {
    // The routes Fastify accepts: an app that survives a refused route() may hold half of it.
    const twin = await acceptedTwin(generated)
    await twin.app.close()
    const spec = adapt(twin.spec)
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
      const problems = await problemsOf(app, spec)
      if (problems.length > 0) throw new Error(`${problems.slice(0, 8).join('\n')}\nspec: ${describeSpec(spec)}`)
    } finally {
      await app.close()
    }
  }), { seed, numRuns })
  return apps
}

/** The message of a failed property, with its cause's. */
export function failureOf (error: unknown): string {
  const cause = (error as Error).cause
  return `${(error as Error).message}\n${cause instanceof Error ? cause.message : ''}`
}
