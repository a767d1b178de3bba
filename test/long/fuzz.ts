/**
 * Long differential fuzzing run, outside `npm test` (same property as
 * test/long/fuzz.test.ts, see test/helpers/fuzz-oracle.ts):
 *   npm run fuzz                             # 160,000 apps, about a million requests, random seed
 *   npm run fuzz -- --runs 5000 --seed 42    # shorter, or reproduce a seed
 *   npm run fuzz -- --seed 42 --path 17:3:0  # replay the counterexample a failure printed
 * Runs through tap's TypeScript loader (node --import @tapjs/typescript/import).
 */
import { writeFileSync } from 'node:fs'
import fc from 'fast-check'
import { fuzzCase } from '../helpers/fuzz-arbitraries'
import { runCase } from '../helpers/fuzz-oracle'

function argument (name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`)
  return index === -1 ? undefined : process.argv[index + 1]
}

async function main (): Promise<void> {
  const seed = Number(argument('seed') ?? process.env.FUZZ_SEED ?? Math.floor(Math.random() * 0x7fffffff))
  const numRuns = Number(argument('runs') ?? 160_000)
  const requestsPerApp = Number(argument('requests') ?? 20)
  const path = argument('path')
  let requests = 0
  let apps = 0
  const started = Date.now()
  const timer = setInterval(() => {
    process.stderr.write(`fuzz: seed ${seed}, ${apps} apps, ${requests} requests, ${Math.round((Date.now() - started) / 1000)} s\n`)
  }, 10_000)
  timer.unref()
  console.log(`fuzz: seed ${seed}, ${numRuns} apps of up to ${requestsPerApp} requests`)
  try {
    await fc.assert(fc.asyncProperty(fuzzCase(requestsPerApp), async (generated) => {
      // FUZZ_TRACE=file keeps the case being run, for a crash or a hang that no assertion catches.
      if (process.env.FUZZ_TRACE !== undefined) writeFileSync(process.env.FUZZ_TRACE, JSON.stringify(generated))
      const result = await runCase(generated)
      apps++
      requests += result.requests
      if (result.problems.length > 0) {
        throw new Error(`${result.problems.join('\n')}\nspec: ${JSON.stringify(result.spec)}`)
      }
    }), { seed, numRuns, path })
  } catch (error) {
    console.error(String((error as Error).message))
    if ((error as Error).cause !== undefined) console.error(String(((error as Error).cause as Error).message))
    console.error(`fuzz: FAILED with seed ${seed}; replay: npm run fuzz -- --seed ${seed} --runs ${numRuns} --requests ${requestsPerApp}`)
    process.exitCode = 1
    return
  } finally {
    clearInterval(timer)
  }
  console.log(`fuzz: OK, seed ${seed}, ${apps} property runs (shrinking excluded), ${requests} requests compared in ${Math.round((Date.now() - started) / 1000)} s`)
}

main().catch(error => { console.error(error); process.exitCode = 1 })
