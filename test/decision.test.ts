import t from 'tap'
import { afterLookup, ASTERISK, beforeLookup, LOOKUP, NOT_ALLOWED, NOT_IMPLEMENTED, OPTIONS, PASS } from '../lib/request/decide'
import type { Resolution } from '../lib/request/matcher'

// The per-request decision without Fastify: every branch, with exact steps.
const on = { autoOptions: true, notImplemented: true }
const off = { autoOptions: false, notImplemented: false }

const hidden = (): boolean => true
const visible = (): boolean => false
const unasked = (): boolean => { throw new Error('a method routed nowhere needs no hidden-route lookup') }

t.test('before any lookup: the asterisk, 501, hidden URLs and the rest', async t => {
  t.equal(beforeLookup('OPTIONS', '*', true, visible, on), ASTERISK)
  t.equal(beforeLookup('OPTIONS', '*', true, visible, off), PASS, 'OPTIONS * without autoOptions keeps the 404')
  t.equal(beforeLookup('GET', '*', true, visible, on), PASS, 'only OPTIONS has an asterisk-form')
  t.equal(beforeLookup('PROPFIND', '*', false, unasked, on), NOT_IMPLEMENTED)
  t.equal(beforeLookup('PROPFIND', '/a', false, unasked, on), NOT_IMPLEMENTED, 'a hidden URL answers a method routed nowhere as every URL does')
  t.equal(beforeLookup('PROPFIND', '/a', false, unasked, off), PASS)
  t.equal(beforeLookup('DELETE', '/a', true, hidden, on), PASS, 'a hidden URL answers as a URL that does not exist')
  t.equal(beforeLookup('DELETE', '/a', true, visible, on), LOOKUP)
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
