import t from 'tap'
import fc from 'fast-check'
import { fuzzCase } from '../helpers/fuzz-arbitraries'
import { runCase } from '../helpers/fuzz-oracle'

// Differential property test: generated apps are built twice, with the plugin
// and without it (the twin), and every generated request must get from the
// plugin app what the oracle derives from the twin's answers
// (test/helpers/fuzz-oracle.ts). A fixed seed keeps CI reproducible; set
// FUZZ_SEED (and FUZZ_PATH, printed by a failure) to replay or explore.
// `npm run fuzz` runs the same property for a long time with random seeds.
const seed = Number(process.env.FUZZ_SEED ?? 405_501)
const numRuns = Number(process.env.FUZZ_RUNS ?? 400)
const path = process.env.FUZZ_PATH
const requestsPerApp = 20

// Every rule of the oracle must decide some requests, or this test proves less than it claims.
const expectedOutcomes = [
  'route matched',
  '405',
  'automatic OPTIONS',
  'unsupported method: 501',
  'unsupported method, notImplemented off: 404',
  'not a resource: 404',
  'a hidden route serves this URL: plain 404',
  'method routed under other constraint values: 404',
  'router answered 400 itself',
  'router answered 414 itself',
  'registered in a child: refused'
]

t.test('the plugin agrees with a twin app without it, for generated route tables and requests', async t => {
  const outcomes = new Map<string, number>()
  let requests = 0
  let failure: string | undefined
  try {
    await fc.assert(fc.asyncProperty(fuzzCase(requestsPerApp), async generated => {
      const result = await runCase(generated)
      if (result.problems.length > 0) {
        throw new Error(`${result.problems.join('\n')}\nspec (routes Fastify accepts): ${JSON.stringify(result.spec)}`)
      }
      requests += result.requests
      for (const [outcome, count] of result.outcomes) outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + count)
    }), { seed, numRuns, path })
  } catch (error) {
    failure = (error as Error).message
    const cause = (error as Error).cause
    t.fail(`fuzzing found a disagreement (seed ${seed}; replay with FUZZ_SEED=${seed}, and FUZZ_PATH from the report below)\n${failure}\n${cause instanceof Error ? cause.message : ''}`)
    return
  }

  t.comment(`seed ${seed}: ${numRuns} apps, ${requests} requests, outcomes ${JSON.stringify(Object.fromEntries(outcomes))}`)
  t.ok(requests >= numRuns * 5, `compared ${requests} requests`)
  for (const outcome of expectedOutcomes) {
    t.ok((outcomes.get(outcome) ?? 0) > 0, `the oracle rule "${outcome}" decided some requests`)
  }
})
