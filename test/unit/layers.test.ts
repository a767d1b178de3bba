import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize, relative, sep } from 'node:path'

/**
 * lib/ shows when code runs (docs/architecture.md). A file imports only from
 * its own folder or from a lower floor:
 *   index.ts, check.ts, cli.ts > plugin.ts > request/, ready/, declare/, integrations/, surface/ > router/ > model/, errors.ts
 * request/, ready/, declare/, integrations/ and surface/ never import each other: they
 * meet in model/. Only router/ reaches into Fastify's or find-my-way's
 * internals, so that an upgrade of either has one folder to check.
 */

const lib = join(__dirname, '..', '..', 'lib')

const floors: Record<string, number> = {
  'index.ts': 4,
  'check.ts': 4,
  'cli.ts': 4,
  'plugin.ts': 3,
  request: 2,
  ready: 2,
  declare: 2,
  integrations: 2,
  surface: 2,
  router: 1,
  model: 0,
  'errors.ts': 0,
  'error-guards.ts': 0
}

/** The folder (or top-level file) a lib/ path belongs to. */
function placeOf (file: string): string {
  return file.split('/')[0]
}

function filesOf (dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile() && entry.name.endsWith('.ts'))
    .map(entry => relative(lib, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort()
}

/** Every module a source imports or requires, type-only imports included. */
function importsOf (source: string): string[] {
  const found: string[] = []
  for (const match of source.matchAll(/(?:\bfrom\s+|\brequire\(\s*|\bimport\(\s*|^import\s+)(['"])([^'"]+)\1/gm)) found.push(match[2])
  return found
}

/** The wrong-way arrows of a tree of lib/ sources: `from -> to (why)`. */
function wrongArrows (sources: ReadonlyMap<string, string>): string[] {
  const wrong: string[] = []
  for (const [file, source] of sources) {
    const from = placeOf(file)
    for (const spec of importsOf(source)) {
      if (!spec.startsWith('.')) {
        // find-my-way and Fastify's own modules are the router folder's business.
        if ((spec === 'find-my-way' || spec.startsWith('find-my-way/') || spec.startsWith('fastify/')) && from !== 'router') wrong.push(`${file} -> ${spec} (a router internal outside lib/router/)`)
        if (spec === '@fastify/error' && file !== 'errors.ts') wrong.push(`${file} -> ${spec} (errors are made in lib/errors.ts)`)
        continue
      }
      const target = normalize(join(dirname(file), spec)).split(sep).join('/')
      if (target.startsWith('../types/') || target === '../types/index') continue
      const to = placeOf(target.endsWith('.ts') ? target : `${target}.ts`)
      if (to === from && from in floors && !from.endsWith('.ts')) continue
      if (!(to in floors)) wrong.push(`${file} -> ${spec} (not in a known folder)`)
      else if (!(floors[to] < floors[from])) wrong.push(`${file} -> ${spec} (${to} is not below ${from})`)
    }
    if (from !== 'router' && /\.(?:findRoute|hasRoute|printRoutes)\(|initialConfig|getOwnPropertySymbols/.test(source)) {
      wrong.push(`${file} (reads Fastify's router or options outside lib/router/)`)
    }
  }
  return wrong
}

t.test('no file of lib/ imports up the floors, across the middle floor, or into Fastify\'s internals outside lib/router/', async t => {
  const files = filesOf(lib)
  t.ok(files.length > 20, 'every folder is read')
  for (const file of files) t.ok(placeOf(file) in floors, `${file} lives in a known floor`)
  t.same(wrongArrows(new Map(files.map(file => [file, readFileSync(join(lib, file), 'utf8')]))), [])
})

t.test('the check sees each kind of wrong arrow', async t => {
  const sources = new Map([
    ['router/a.ts', "import { x } from '../request/hooks'"],
    ['request/b.ts', "import type { Y } from '../ready/route-table'"],
    ['declare/c.ts', "import FindMyWay from 'find-my-way'"],
    ['model/d.ts', "import { e } from '../errors'"],
    ['ready/e.ts', "const x = require('../plugin')"],
    ['request/f.ts', 'const options = fastify.initialConfig'],
    ['request/g.ts', "import { F } from '@fastify/error'"],
    ['request/h.ts', "import { a } from '../model/allow'\nimport { b } from './matcher'\nimport type { c } from '../../types/index'"]
  ])
  t.same(wrongArrows(sources), [
    'router/a.ts -> ../request/hooks (request is not below router)',
    'request/b.ts -> ../ready/route-table (ready is not below request)',
    'declare/c.ts -> find-my-way (a router internal outside lib/router/)',
    'model/d.ts -> ../errors (errors.ts is not below model)',
    'ready/e.ts -> ../plugin (plugin.ts is not below ready)',
    "request/f.ts (reads Fastify's router or options outside lib/router/)",
    'request/g.ts -> @fastify/error (errors are made in lib/errors.ts)'
  ])
})
