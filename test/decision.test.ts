import t from 'tap'
import { afterLookup, ASTERISK, beforeLookup, LOOKUP, NOT_ALLOWED, NOT_IMPLEMENTED, OPTIONS, PASS } from '../lib/decision'
import type { Resolution } from '../lib/matcher'

// The per-request decision without Fastify: every branch, with exact steps.
const on = { autoOptions: true, notImplemented: true }
const off = { autoOptions: false, notImplemented: false }

t.test('before any lookup: the asterisk, hidden URLs, 501 and the rest', async t => {
  t.equal(beforeLookup('OPTIONS', '*', true, false, on), ASTERISK)
  t.equal(beforeLookup('OPTIONS', '*', true, false, off), PASS, 'OPTIONS * without autoOptions keeps the 404')
  t.equal(beforeLookup('GET', '*', true, false, on), PASS, 'only OPTIONS has an asterisk-form')
  t.equal(beforeLookup('PROPFIND', '*', false, false, on), NOT_IMPLEMENTED)
  t.equal(beforeLookup('PROPFIND', '/a', false, true, on), PASS, 'a hidden URL gives away nothing, not even a 501')
  t.equal(beforeLookup('DELETE', '/a', true, true, on), PASS)
  t.equal(beforeLookup('PROPFIND', '/a', false, false, on), NOT_IMPLEMENTED)
  t.equal(beforeLookup('PROPFIND', '/a', false, false, off), PASS)
  t.equal(beforeLookup('DELETE', '/a', true, false, on), LOOKUP)
})

type Facts = Pick<Resolution, 'resource' | 'ownOptions' | 'selfMatched'>

function resolution (fields: Partial<Facts>): Facts {
  return { resource: true, ownOptions: false, selfMatched: false, ...fields }
}

t.test('after the lookup: 404, automatic OPTIONS, 405', async t => {
  t.equal(afterLookup('DELETE', resolution({ resource: false }), true), PASS, 'no resource: 404')
  t.equal(afterLookup('OPTIONS', resolution({}), true), OPTIONS)
  t.equal(afterLookup('OPTIONS', resolution({ ownOptions: true, selfMatched: true }), true), PASS, 'an own OPTIONS route that called callNotFound')
  t.equal(afterLookup('OPTIONS', resolution({}), false), NOT_ALLOWED, 'without autoOptions OPTIONS is a method like any other')
  t.equal(afterLookup('DELETE', resolution({}), true), NOT_ALLOWED)
  t.equal(afterLookup('GET', resolution({ selfMatched: true }), true), PASS, 'the method is routed here after all')
})
