import t from 'tap'
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import ts from 'typescript'
import { root, run, type Run } from '../helpers/clone'

// The benchmarks are never run by `npm test`; this only proves that each
// script starts, checks the statuses it claims, and prints its tables, with
// tiny counts. No timing is asserted: the figures are noise at these sizes.
//
// The scripts and a build of lib/ are copied into a test directory under
// .tap/: the shared dist/ is never read (another process may be rebuilding
// it), and Node still finds node_modules/ from there. The build is a
// transpilation file by file with tsconfig.json's options, which is what tsc
// emits for lib/; type errors are `npm run typecheck`'s business, and the real
// build is checked by test/package/package.test.ts.

/** lib/ transpiled into `outDir`, as `tsc -p tsconfig.json` lays it out. */
function transpileLib (outDir: string): string[] {
  const { config } = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile)
  const { options, fileNames, errors } = ts.parseJsonConfigFileContent(config, ts.sys, root)
  const problems = errors.map(error => ts.flattenDiagnosticMessageText(error.messageText, '\n'))
  for (const file of fileNames) {
    const { outputText, diagnostics = [] } = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file, reportDiagnostics: true })
    problems.push(...diagnostics.map(diagnostic => `${file}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`))
    const out = join(outDir, relative(join(root, 'lib'), file)).replace(/\.ts$/, '.js')
    mkdirSync(dirname(out), { recursive: true })
    writeFileSync(out, outputText)
  }
  return problems
}

/** Node with `args`, from `cwd`. */
const node = (args: string[], cwd: string): Promise<Run> => run(process.execPath, args, cwd)

// A ratio cell: median (min–max).
const ratio = String.raw`\d+\.\d\d \(\d+\.\d\d–\d+\.\d\d\)`

/** The Markdown table row whose first cell is `first`, split into trimmed cells. */
function row (output: string, first: string): string[] | undefined {
  const line = output.split('\n').find(line => line.startsWith(`| ${first} `))
  return line?.split('|').slice(1, -1).map(cell => cell.trim())
}

const hasValgrind = spawnSync('valgrind', ['--version']).status === 0

t.test('each benchmark script prints its tables', async t => {
  const dir = t.testdir({ docs: {} })
  cpSync(join(root, 'benchmarks'), join(dir, 'benchmarks'), { recursive: true })
  // --record=yes writes into the copy's docs/benchmarks.md.
  cpSync(join(root, 'docs', 'benchmarks.md'), join(dir, 'docs', 'benchmarks.md'))
  t.same(transpileLib(join(dir, 'dist')), [], 'lib/ transpiles')
  const script = (name: string): string => join(dir, 'benchmarks', name)

  // All five at once: the two runs under valgrind take longest.
  const runs = {
    icount: hasValgrind
      ? node([script('icount.js'), '--scenarios=mna100', '--variants=plugin', '--requests=4', '--base=2', '--warmup=2', '--parallel=2'], dir)
      : undefined,
    micro: node(['--expose-gc', script('micro.js'), '--rounds=2', '--requests=20', '--warmup=5', '--calls=200', '--scenarios=matched,mna100,notFoundUnique', '--sizes=100'], dir),
    memory: node(['--expose-gc', script('memory.js'), '--rounds=1', '--routes=50', '--urls=500', '--warmup=100'], dir),
    load: node(['--expose-gc', script('load.js'), '--rounds=2', '--warmup=0', '--record=yes'], dir),
    macro: node(['--expose-gc', script('macro.js'), '--rounds=1', '--duration=1', '--warmup=0', '--connections=2', '--scenarios=mna100'], dir)
  }

  t.test('micro.js', async t => {
    const { code, stdout, stderr } = await runs.micro
    t.equal(code, 0, 'exits with 0', { stderr })
    // Structural: the plugin adds no hook to any route; fastify-allow adds one per route.
    t.same(row(stdout, '+ method-not-allowed'), ['+ method-not-allowed', 'none'])
    t.match(row(stdout, '+ fastify-allow')?.[1], /^\d+ onRequest$/)
    for (const title of ['matched GET /posts/:id', '405 DELETE /posts/1 (100 routes)', 'unknown URL 404, new URL each time']) {
      t.match(row(stdout, title), [title, /µs$/, new RegExp(`^${ratio}$`), new RegExp(`^${ratio}$`)], title)
    }
    t.match(row(stdout, '/posts/1 (100 routes)'), ['/posts/1 (100 routes)', /^\d+ ns$/, new RegExp(`^${ratio}$`)])
  })

  t.test('memory.js', async t => {
    const { code, stdout, stderr } = await runs.memory
    t.equal(code, 0, 'exits with 0', { stderr })
    t.match(row(stdout, 'declare + ready() time'), ['declare + ready() time', /^\d+ ms$/, new RegExp(`^${ratio}$`), new RegExp(`^${ratio}$`)])
    t.match(row(stdout, 'heap after ready()'), ['heap after ready()', /^\d+\.\d\d MB$/, new RegExp(`^${ratio}$`), new RegExp(`^${ratio}$`)])
    for (const variant of ['Fastify', '+ method-not-allowed', '+ fastify-allow']) {
      t.match(row(stdout, variant), [variant, /MB$/, /MB$/, /^-?\d+\.\d\d MB$/], variant)
    }
  })

  t.test('load.js', async t => {
    const { code, stdout, stderr } = await runs.load
    t.equal(code, 0, 'exits with 0', { stderr })
    // The difference of two processes' CPU times can be negative at two rounds.
    const signed = String.raw`-?\d+\.\d\d \(-?\d+\.\d\d–-?\d+\.\d\d\)`
    for (const measure of ['require() CPU, across processes', 'require() CPU, same process']) {
      t.match(row(stdout, measure), [measure, /^\d+\.\d ms$/, new RegExp(`^${signed}$`)], measure)
    }
    t.match(row(stdout, 'modules loaded'), ['modules loaded', /^\d+$/, /^\+\d+$/])
    t.match(row(stdout, 'heap after require() and a GC'), ['heap after require() and a GC', /^\d+\.\d\d MB$/, new RegExp(`^${ratio}$`)])
    t.match(row(stdout, 'fastify-method-not-allowed'), ['fastify-method-not-allowed', /^\d+$/])

    // The recorded section is this run's output, headed by where it was measured.
    const doc = readFileSync(join(dir, 'docs', 'benchmarks.md'), 'utf8')
    const section = doc.slice(doc.indexOf('<!-- results:load -->'), doc.indexOf('<!-- /results:load -->'))
    t.match(section, /^<!-- results:load -->\n\nMeasured \d{4}-\d\d-\d\d, commit [0-9a-f]+( with uncommitted changes to lib\/)?; `node benchmarks\/load\.js --rounds=2 --warmup=0`:\n\nload cost; Node v/)
    const printed = stdout.split('\n').find(line => line.startsWith('| modules loaded '))
    t.ok(printed !== undefined && section.includes(printed), 'the section holds the printed table')
    t.ok(doc.includes('<!-- results:icount -->'), 'the other sections stay')
  })

  t.test('macro.js', async t => {
    const { code, stdout, stderr } = await runs.macro
    t.equal(code, 0, 'exits with 0', { stderr })
    const title = '405 DELETE /posts/1 (100 routes)'
    const cells = new RegExp(`^${ratio}$`)
    t.match(row(stdout, title), [title, /req\/s, \d+ µs CPU$/, cells, cells, cells, cells])
  })

  t.test('icount.js', { skip: hasValgrind ? false : 'valgrind is not installed' }, async t => {
    const { code, stdout, stderr } = await (runs.icount as Promise<Run>)
    t.equal(code, 0, 'exits with 0', { stderr })
    const title = '405 DELETE /posts/1 (100 routes)'
    t.match(row(stdout, title), [title, /^[\d,]+$/])
  })
})
