import type { FastifyMethodNotAllowedOptions } from '../../types/index'
import { checkOptions, optionsDefaults } from './generated/schemas'
import { FST_ERR_METHOD_NOT_ALLOWED_INVALID_OPTION } from '../errors'

// The type is written once, in types/index.d.ts; types/index.tst.ts holds it
// equal to what the schema in lib/declare/schemas/options.ts validates.
// Every option has a default but the clock, which the plugin reads as Date.now
// when absent, and onDeprecatedCall, which nothing replaces.
type WithoutDefault = 'clock' | 'onDeprecatedCall'
export type ResolvedOptions = Required<Omit<FastifyMethodNotAllowedOptions, WithoutDefault>> & Pick<FastifyMethodNotAllowedOptions, WithoutDefault>

// Fastify hands register()'s own options to the plugin too; they are not ours to judge.
const registerKeys = new Set(['prefix', 'logLevel', 'logSerializers'])

export function resolveOptions (input: unknown): ResolvedOptions {
  const candidate: Record<string, unknown> = {}
  if (input !== null && typeof input === 'object') {
    for (const [key, value] of Object.entries(input)) {
      if (!registerKeys.has(key)) candidate[key] = value
    }
  } else if (input !== undefined && input !== null) {
    throw new FST_ERR_METHOD_NOT_ALLOWED_INVALID_OPTION('(options)', 'options must be an object')
  }

  // The check is optionsSchema compiled at build time (scripts/generate-schemas.js):
  // TypeBox is loaded only to explain invalid options, with Value.Errors
  // rather than Value.Parse, which silently drops unknown keys.
  if (!checkOptions(candidate)) {
    const { Value } = require('@sinclair/typebox/value') as typeof import('@sinclair/typebox/value')
    const { optionsSchema } = require('./schemas/options') as typeof import('./schemas/options')
    const [error] = Value.Errors(optionsSchema, candidate)
    const key = error.path.slice(1).split('/')[0]
    throw new FST_ERR_METHOD_NOT_ALLOWED_INVALID_OPTION(key, error.message)
  }
  // What Value.Default does for top-level defaults: fill in what is undefined.
  for (const [key, value] of Object.entries(optionsDefaults)) {
    if (candidate[key] === undefined) candidate[key] = value
  }
  return candidate as ResolvedOptions
}
