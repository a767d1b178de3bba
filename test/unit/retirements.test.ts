import t from 'tap'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { Deprecation, Schedule } from '../../lib/model/deprecation'
import { createRetirements, type Retirements } from '../../lib/ready/retirements'
import type { MatchingOptions, RouteEntry } from '../../lib/router/fastify-edge'

// What createRetirements keeps lives as long as the app: it must hold what
// answers "retired here?" and nothing of the route table it was built from.

const options: MatchingOptions = { caseSensitive: true, ignoreTrailingSlash: false, ignoreDuplicateSlashes: false, useSemicolonDelimiter: false, maxParamLength: 100 }
const sunset = Date.parse('2027-06-30')

/** A full garbage collection, without starting Node with --expose-gc. */
function collectGarbage (): void {
  setFlagsFromString('--expose-gc')
  ;(runInNewContext('gc') as () => void)()
}

/** Retirements of a table of `count` GET and POST routes where GET /r0 and GET /s/:id retire at the sunset, and WeakRefs to every route entry read. */
function build (count: number): { retirements: Retirements, entries: Array<WeakRef<object>> } {
  const retiring = { GET: { retiresAt: sunset } as unknown as Deprecation }
  const schedule = new Map(Object.entries(retiring)) as unknown as Schedule
  const entry = (method: string, pattern: string, config?: object): RouteEntry => ({ method, pattern, constraints: {}, config } as unknown as RouteEntry)
  const routes: RouteEntry[] = [entry('GET', '/r0', retiring), entry('GET', '/s/:id', retiring), entry('GET', '/s/x')]
  for (let i = 1; i < count; i++) routes.push(entry('GET', `/r${i}`), entry('POST', `/r${i}`))
  const retirements = createRetirements(routes, options, config => config === retiring ? schedule : undefined, () => sunset)
  return { retirements, entries: routes.map(route => new WeakRef(route)) }
}

t.test('what retirements keep holds no route entry of the table they were built from', async t => {
  const { retirements, entries } = build(200)
  // WeakRefs keep their targets until the job that made them ends.
  await new Promise(resolve => setImmediate(resolve))
  collectGarbage()
  t.equal(entries.filter(ref => ref.deref() !== undefined).length, 0)
  const retired = retirements.retired.get('GET')
  t.equal(retired?.('/r0', undefined), true, 'alone on its path')
  t.equal(retired?.('/s/1', undefined), true, 'among the routes that share its paths')
  t.equal(retired?.('/s/x', undefined), false, 'a route chosen over it')
  t.equal(retired?.('/r1', undefined), false)
  t.same(retirements.sunsets, [sunset])
})
