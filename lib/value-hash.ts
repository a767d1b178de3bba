// TypeBox's compiled `uniqueItems` check calls `hash(element)`, a function
// that TypeCompiler.Compile binds to Value.Hash (src/value/hash/hash.ts in
// TypeBox 0.34). This is the same FNV-1a 64 over the same byte encoding, so
// that the checks in lib/generated/ agree with Value.Check without loading
// @sinclair/typebox/value at run time; test/value-hash.test.ts pins the equality.

const offset = 14695981039346656037n
const prime = 1099511628211n
const mask = 0xffffffffffffffffn

// The type markers of TypeBox's ByteMarker enum.
const marker = { undefined: 0, null: 1, boolean: 2, number: 3, string: 4, object: 5, array: 6, date: 7, symbol: 9, bigint: 10 }

const buffer = new DataView(new ArrayBuffer(8))

export function hash (value: unknown): bigint {
  let accumulator = offset
  const byte = (b: number): void => {
    accumulator = ((accumulator ^ BigInt(b)) * prime) & mask
  }
  const eightBytes = (): void => {
    for (let i = 0; i < 8; i++) byte(buffer.getUint8(i))
  }
  const visit = (value: unknown): void => {
    // TypeBox tests arrays and finite dates before objects; the other kinds are
    // told apart by typeof, in any order. Its Uint8Array case comes after the
    // object case and is never reached: typed arrays hash as objects.
    if (Array.isArray(value)) {
      byte(marker.array)
      for (const item of value) visit(item)
    } else if (value instanceof Date && Number.isFinite(value.getTime())) {
      byte(marker.date)
      visit(value.getTime())
    } else if (value === null) {
      byte(marker.null)
    } else {
      switch (typeof value) {
        case 'boolean':
          byte(marker.boolean)
          byte(value ? 1 : 0)
          break
        case 'bigint':
          byte(marker.bigint)
          buffer.setBigInt64(0, value)
          eightBytes()
          break
        case 'number':
          byte(marker.number)
          buffer.setFloat64(0, value)
          eightBytes()
          break
        case 'object':
          byte(marker.object)
          for (const key of Object.getOwnPropertyNames(value).sort()) {
            visit(key)
            visit((value as Record<string, unknown>)[key])
          }
          break
        case 'string':
          byte(marker.string)
          // Each UTF-16 code unit as its significant bytes, high byte first.
          for (let i = 0; i < value.length; i++) {
            const unit = value.charCodeAt(i)
            if (unit > 0xff) byte(unit >> 8)
            byte(unit & 0xff)
          }
          break
        case 'symbol':
          byte(marker.symbol)
          visit(value.description)
          break
        case 'undefined':
          byte(marker.undefined)
          break
        default:
          // Functions: TypeBox throws ValueHashError('Unable to hash value').
          throw new TypeError('Unable to hash value')
      }
    }
  }
  visit(value)
  return accumulator
}
