#!/usr/bin/env node
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { MethodSurface } from './model/surface'
import { checkSurface } from './surface/check'
import { diffSurfaces } from './surface/diff'
import { formatChanges, formatFindings } from './surface/report'

const usage = `Usage:
  fastify-method-not-allowed surface <app>
  fastify-method-not-allowed check <surface|app> <openapi.json> [--base-path <path>] [--json]
  fastify-method-not-allowed diff <before> <after> [--now <date>] [--json]

<surface> is a JSON file written from app.methodSurface(); <app> a CommonJS
module exporting a Fastify instance, or a function returning one, with
fastify-method-not-allowed registered. Exit code 0: clean; 1: findings or
breaking changes; 2: the command could not run.
`

export interface Output {
  out: (text: string) => void
  err: (text: string) => void
}

/** Runs one command; resolves to the exit code. */
export async function run (argv: readonly string[], output: Output): Promise<number> {
  try {
    const { positional, flags } = parse(argv)
    const [command, ...files] = positional
    if (command === 'surface' && files.length === 1) {
      output.out(JSON.stringify(await surfaceOf(files[0]), null, 2) + '\n')
      return 0
    }
    if (command === 'check' && files.length === 2) {
      const findings = checkSurface(await surfaceOf(files[0]), readJson(files[1]), flags['base-path'] === undefined ? {} : { basePath: flags['base-path'] })
      output.out(flags.json === undefined ? formatFindings(findings) : JSON.stringify(findings, null, 2) + '\n')
      return findings.length === 0 ? 0 : 1
    }
    if (command === 'diff' && files.length === 2) {
      const now = flags.now === undefined ? undefined : Date.parse(flags.now)
      if (now !== undefined && Number.isNaN(now)) throw new Error(`--now: not a date: ${flags.now}`)
      const changes = diffSurfaces(await surfaceOf(files[0]), await surfaceOf(files[1]), now === undefined ? {} : { now })
      output.out(flags.json === undefined ? formatChanges(changes) : JSON.stringify(changes, null, 2) + '\n')
      return changes.some(change => change.breaking) ? 1 : 0
    }
    output.err(usage)
    return 2
  } catch (error) {
    output.err(`fastify-method-not-allowed: ${(error as Error).message}\n`)
    return 2
  }
}

const valued = new Set(['base-path', 'now'])

function parse (argv: readonly string[]): { positional: string[], flags: Record<string, string | undefined> } {
  const positional: string[] = []
  const flags: Record<string, string | undefined> = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (!arg.startsWith('--')) {
      positional.push(arg)
      continue
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s)
    if (name === 'json') flags.json = ''
    else if (valued.has(name)) {
      const value = inline ?? argv[++i]
      if (value === undefined) throw new Error(`--${name} needs a value`)
      flags[name] = value
    } else throw new Error(`unknown option --${name}`)
  }
  return { positional, flags }
}

function readJson (file: string): unknown {
  return JSON.parse(readFileSync(resolve(file), 'utf8'))
}

interface App { ready: () => PromiseLike<unknown>, close: () => PromiseLike<unknown>, methodSurface?: () => MethodSurface }

/** A surface file as is; an app module built, readied, asked and closed. */
async function surfaceOf (file: string): Promise<MethodSurface> {
  if (file.endsWith('.json')) return readJson(file) as MethodSurface
  const loaded = require(resolve(file)) as { default?: unknown }
  const exported = loaded.default ?? loaded
  const app = (typeof exported === 'function' ? await (exported as () => unknown)() : exported) as App
  await app.ready()
  try {
    if (typeof app.methodSurface !== 'function') throw new Error(`${file}: the app does not have fastify-method-not-allowed registered`)
    return app.methodSurface()
  } finally {
    await app.close()
  }
}

// Run as the package's bin (test/fastify/cli.test.ts runs it so).
if (require.main === module) {
  run(process.argv.slice(2), { out: text => process.stdout.write(text), err: text => process.stderr.write(text) }).then(code => { process.exitCode = code })
}
