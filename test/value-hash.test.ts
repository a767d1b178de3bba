import t from 'tap'
import fc from 'fast-check'
import { Value } from '@sinclair/typebox/value'
import { hash } from '../lib/value-hash'

// The generated uniqueItems checks call lib/value-hash.ts where TypeBox's own
// compiled checks call Value.Hash: the two must agree on every value, or a
// check would pass a value that Value.Check (and so the explanation) rejects.

t.test('each kind of value hashes as Value.Hash does', async t => {
  const values: Array<[string, unknown]> = [
    ['undefined', undefined],
    ['null', null],
    ['true', true],
    ['false', false],
    ['zero', 0],
    ['negative zero', -0],
    ['a fraction', -1.5],
    ['NaN', Number.NaN],
    ['infinity', Number.POSITIVE_INFINITY],
    ['a bigint', 2n ** 70n],
    ['a negative bigint', -1n],
    ['the empty string', ''],
    ['a method', 'GET'],
    ['code units above 0xff', 'Ā€😀'],
    ['a NUL code unit', '\u0000'],
    ['a symbol', Symbol('s')],
    ['a symbol without description', Symbol()], // eslint-disable-line symbol-description
    ['a date', new Date(0)],
    ['an invalid date', new Date(Number.NaN)],
    ['an array', ['GET', ['HEAD', 1], {}]],
    ['an object', { b: 1, a: [null], c: { d: undefined } }],
    ['a typed array', new Uint8Array([1, 2, 3])],
    ['an object without prototype', Object.assign(Object.create(null), { z: 1 })]
  ]
  for (const [name, value] of values) t.equal(hash(value), Value.Hash(value), name)

  // The encodings that make distinct values collide are TypeBox's too: each
  // code unit contributes only its significant bytes.
  t.equal(hash('Ā'), hash('\u0001\u0000'))
  t.equal(Value.Hash('Ā'), Value.Hash('\u0001\u0000'))
})

t.test('functions cannot be hashed, as in TypeBox', async t => {
  t.throws(() => hash(() => {}), { name: 'TypeError', message: 'Unable to hash value' })
  t.throws(() => Value.Hash(() => {}), { message: 'Unable to hash value' })
})

t.test('hash agrees with Value.Hash on arbitrary values', async t => {
  t.doesNotThrow(() => fc.assert(fc.property(fc.anything({
    withBigInt: true,
    withDate: true,
    withTypedArray: true,
    withSparseArray: true,
    withNullPrototype: true,
    withBoxedValues: true,
    withUnicodeString: true
  }), value => hash(value) === Value.Hash(value)), { seed: 405, numRuns: 500 }))
})
