import t from 'tap'
import { Answer } from '../../lib/model/allow'
import type { Deprecation } from '../../lib/model/deprecation'
import type { Rules } from '../../lib/model/table'
import { decide, type Facts, type Place } from '../../lib/request/decide'
import type { Resolution } from '../../lib/request/matcher'

// The one decision without Fastify: each row gives the facts a hook would
// gather and the verdict. A fact left out throws when asked, so each row also
// shows which lookups the verdict costs.

const rules: Rules = { autoOptions: true, notImplemented: true, asterisk: new Answer(['GET', 'OPTIONS']) }
const bare: Rules = { autoOptions: false, notImplemented: false, asterisk: new Answer(['GET']) }

const answer = new Answer(['GET', 'HEAD', 'OPTIONS'])
function resolution (fields: Partial<Resolution> = {}): Resolution {
  return { allow: answer.allow, answer, resource: true, ownOptions: false, selfMatched: false, message: '', messageUrl: '', ...fields }
}
function deprecation (retiresAt: number): Deprecation {
  return { method: 'DELETE', retiresAt, declaredRetired: false, headers: [['deprecation', '@1']] }
}

interface Given {
  at?: Place
  method?: string
  url?: string
  supported?: boolean
  deprecation?: Deprecation
  now?: number
  hidden?: boolean
  resolution?: Resolution | null
  routedElsewhere?: boolean
}

function facts (given: Given): Facts {
  const unasked = (fact: string) => (): never => { throw new Error(`${fact} was asked`) }
  return {
    at: given.at ?? 'not-found',
    method: given.method ?? 'DELETE',
    url: given.url ?? '/a',
    supported: given.supported ?? true,
    deprecation: given.deprecation,
    now: given.now === undefined ? unasked('now') : () => given.now as number,
    isHidden: given.hidden === undefined ? unasked('isHidden') : () => given.hidden as boolean,
    resolution: given.resolution === undefined ? unasked('resolution') : () => given.resolution ?? undefined,
    routedElsewhere: given.routedElsewhere === undefined ? unasked('routedElsewhere') : () => given.routedElsewhere as boolean
  }
}

const found = resolution()

t.test('the not-found path: OPTIONS *, 501, hidden URLs, 404, automatic OPTIONS and 405', async t => {
  t.same(decide(facts({ method: 'OPTIONS', url: '*' }), rules), { act: 'options', answer: rules.asterisk, acceptBody: false }, 'OPTIONS * asks about the server')
  t.same(decide(facts({ method: 'OPTIONS', url: '*', hidden: false }), bare), { act: 'pass' }, 'OPTIONS * without autoOptions keeps the 404')
  t.same(decide(facts({ method: 'GET', url: '*', hidden: false }), rules), { act: 'pass' }, 'only OPTIONS has an asterisk-form')
  t.same(decide(facts({ method: 'PROPFIND', url: '*', supported: false }), rules), { act: 'not-implemented' })
  t.same(decide(facts({ method: 'PROPFIND', supported: false }), rules), { act: 'not-implemented' }, 'a hidden URL answers a method routed nowhere as every URL does')
  t.same(decide(facts({ method: 'PROPFIND', supported: false }), bare), { act: 'pass' })
  t.same(decide(facts({ hidden: true }), rules), { act: 'pass' }, 'a hidden URL answers as a URL that does not exist')
  t.same(decide(facts({ hidden: false, resolution: null }), rules), { act: 'pass' }, 'no route can make the path a resource: 404 without a router lookup')
  t.same(decide(facts({ hidden: false, resolution: resolution({ resource: false }) }), rules), { act: 'pass' }, 'only OPTIONS routes or root catch-alls match: 404')
  t.same(decide(facts({ method: 'OPTIONS', hidden: false, resolution: found }), rules), { act: 'options', answer, acceptBody: true })
  t.same(decide(facts({ method: 'OPTIONS', hidden: false, resolution: resolution({ ownOptions: true, selfMatched: true }) }), rules), { act: 'pass' }, 'an own OPTIONS route that called callNotFound')
  t.same(decide(facts({ method: 'OPTIONS', hidden: false, resolution: found, routedElsewhere: false }), bare), { act: 'not-allowed', resolution: found }, 'without autoOptions OPTIONS is a method like any other')
  t.same(decide(facts({ hidden: false, resolution: found, routedElsewhere: false }), rules), { act: 'not-allowed', resolution: found })
  t.same(decide(facts({ hidden: false, resolution: resolution({ selfMatched: true }) }), rules), { act: 'pass' }, 'the method is routed here after all')
  t.same(decide(facts({ hidden: false, resolution: found, routedElsewhere: true }), rules), { act: 'pass' }, 'the method is routed here for other constraint values')
})

t.test('an OPTIONS route that `*` reaches: OPTIONS * is answered, anything else goes to the route', async t => {
  t.same(decide(facts({ at: 'root-options', method: 'OPTIONS', url: '*' }), rules), { act: 'options', answer: rules.asterisk, acceptBody: false })
  t.same(decide(facts({ at: 'root-options', method: 'OPTIONS', url: '/' }), rules), { act: 'pass' })
  t.same(decide(facts({ at: 'root-options', method: 'GET', url: '*' }), rules), { act: 'pass' }, 'one route may serve several methods')
})

t.test('a route that deprecates methods: headers while it works, a 405 once retired, the not-found path where nothing is left', async t => {
  t.same(decide(facts({ at: 'route' }), rules), { act: 'pass' }, 'a method the route does not deprecate')
  const later = deprecation(2000)
  t.same(decide(facts({ at: 'route', deprecation: later, now: 1000 }), rules), { act: 'deprecated', deprecation: later })
  t.same(decide(facts({ at: 'route', deprecation: later, now: 2000, resolution: found }), rules), { act: 'retired', resolution: found, deprecation: later }, 'retired from the sunset on')
  t.same(decide(facts({ at: 'route', deprecation: later, now: 3000, resolution: resolution({ resource: false }) }), rules), { act: 'not-found' }, 'only an OPTIONS route or a root catch-all is left')
  t.same(decide(facts({ at: 'route', method: 'OPTIONS', deprecation: later, now: 3000, resolution: found }), rules), { act: 'not-found' }, 'a retired OPTIONS route gives way to the automatic OPTIONS')
  t.same(decide(facts({ at: 'route', method: 'OPTIONS', deprecation: later, now: 3000, resolution: found }), bare), { act: 'retired', resolution: found, deprecation: later })
  t.same(decide(facts({ at: 'route', deprecation: later, now: 3000, resolution: null }), rules), { act: 'not-found' })
})

t.test('lists: allowedMethods(), allowOnSuccess and what a preflight may announce', async t => {
  t.same(decide(facts({ at: 'list', method: '', hidden: true }), rules), { act: 'pass' }, 'a hidden URL has no list')
  t.same(decide(facts({ at: 'list', method: '', url: '*', hidden: false, resolution: found }), rules), { act: 'list', answer }, 'the router is asked about `*` as about any URL')
  t.same(decide(facts({ at: 'list', method: '', hidden: false, resolution: resolution({ resource: false, ownOptions: true }) }), rules), { act: 'pass' })
  t.same(decide(facts({ at: 'list', method: '', hidden: false, resolution: null }), rules), { act: 'pass' })
  t.same(decide(facts({ at: 'preflight', method: '', hidden: false, resolution: resolution({ resource: false, ownOptions: true }) }), rules), { act: 'list', answer }, 'an own OPTIONS route serves the preflight')
  t.same(decide(facts({ at: 'preflight', method: '', hidden: false, resolution: resolution({ resource: false }) }), rules), { act: 'pass' })
})

t.test('each place gets only the verdicts its hook carries out', async t => {
  const carried: Record<Place, readonly string[]> = {
    'not-found': ['pass', 'options', 'not-allowed', 'not-implemented'],
    'root-options': ['pass', 'options'],
    route: ['pass', 'deprecated', 'retired', 'not-found'],
    list: ['pass', 'list'],
    preflight: ['pass', 'list']
  }
  const resolutions = [null, found, resolution({ resource: false }), resolution({ ownOptions: true }), resolution({ resource: false, ownOptions: true }), resolution({ selfMatched: true })]
  for (const at of Object.keys(carried) as Place[]) {
    const seen = new Set<string>()
    for (const method of ['DELETE', 'OPTIONS', 'PROPFIND']) {
      for (const url of ['/a', '*']) {
        for (const supported of [true, false]) {
          for (const hidden of [true, false]) {
            for (const found of resolutions) {
              for (const dep of [undefined, deprecation(0), deprecation(Infinity)]) {
                for (const given of [rules, bare]) {
                  const verdict = decide(facts({ at, method, url, supported, hidden, resolution: found, deprecation: dep, now: 1, routedElsewhere: false }), given)
                  seen.add(verdict.act)
                }
              }
            }
          }
        }
      }
    }
    t.same([...seen].sort(), [...carried[at]].sort(), at)
  }
})
