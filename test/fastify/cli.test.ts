import t from 'tap'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { run } from '../../lib/cli'

// The command line: what each command prints and its exit code. The commands
// run in this process through run(), the function the bin calls; the last test
// runs the bin as users do, as a separate process, for one command of each
// exit code (a process per case would transpile lib/ once per case).
const root = join(__dirname, '..', '..')
const cli = join(root, 'lib', 'cli.ts')
const fixtures = join(root, 'test', 'fixtures', 'surface')
const app = join(fixtures, 'app.ts')
const document = join(fixtures, 'openapi.json')

interface Ran { code: number | null, stdout: string, stderr: string }

/** One command, in this process. */
async function cliRun (args: string[]): Promise<Ran> {
  let stdout = ''
  let stderr = ''
  const code = await run(args, { out: text => { stdout += text }, err: text => { stderr += text } })
  return { code, stdout, stderr }
}

/** One command, as a separate process running the bin. */
function cliProcess (args: string[]): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', '@tapjs/typescript/import', cli, ...args], {
      cwd: root,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: '1' }
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', chunk => { stdout += String(chunk) })
    child.stderr.on('data', chunk => { stderr += String(chunk) })
    child.on('error', reject)
    child.on('close', code => resolve({ code, stdout, stderr }))
  })
}

const work = mkdtempSync(join(tmpdir(), 'fmna-cli-'))
t.teardown(() => rmSync(work, { recursive: true, force: true }))

const pets = {
  '/pets': { allow: ['GET', 'HEAD', 'OPTIONS', 'POST'], acceptPost: ['application/json', 'text/plain'] },
  '/pets/:petId': { allow: ['DELETE', 'GET', 'HEAD', 'OPTIONS'], deprecated: { DELETE: { retired: false, since: '2025-01-01', sunset: '2030-01-01' } } }
}

t.test('surface prints the app\'s surface as sorted JSON', async t => {
  const ran = await cliRun(['surface', app])
  t.equal(ran.code, 0)
  t.equal(ran.stdout, JSON.stringify(pets, null, 2) + '\n')
  t.equal(ran.stderr, '')
})

t.test('check: exit 0 and a one-line verdict when the app matches its document', async t => {
  const ran = await cliRun(['check', app, document])
  t.equal(ran.code, 0)
  t.equal(ran.stdout, 'The server answers every operation of the document, and only those.\n')
})

t.test('check: exit 1 and one line per finding; --json gives the findings', async t => {
  const surface = join(work, 'surface.json')
  writeFileSync(surface, JSON.stringify({ '/pets': pets['/pets'], '/pets/:petId': { allow: ['GET', 'HEAD', 'OPTIONS', 'PUT'] } }))
  const ran = await cliRun(['check', surface, document])
  t.equal(ran.code, 1)
  t.equal(ran.stdout, 'DELETE /pets/{petId}: documented, answered 405 at /pets/:petId\nPUT /pets/:petId: served, not documented\n2 findings\n')
  const json = await cliRun(['check', surface, document, '--json'])
  t.equal(json.code, 1)
  t.strictSame(JSON.parse(json.stdout), [
    { kind: 'missing', method: 'DELETE', path: '/pets/{petId}', route: '/pets/:petId', status: 405 },
    { kind: 'undocumented', method: 'PUT', route: '/pets/:petId' }
  ])
  const based = await cliRun(['check', surface, document, '--base-path=/api'])
  t.equal(based.code, 1)
  t.equal(based.stdout, 'GET /pets: documented, answered 404 (no route)\nPOST /pets: documented, answered 404 (no route)\nDELETE /pets/{petId}: documented, answered 404 (no route)\nGET /pets/{petId}: documented, answered 404 (no route)\n4 findings\n')
})

t.test('diff: exit 1 on a breaking change, 0 otherwise, judged at --now', async t => {
  const before = join(work, 'before.json')
  const after = join(work, 'after.json')
  writeFileSync(before, JSON.stringify(pets))
  writeFileSync(after, JSON.stringify({ '/pets': pets['/pets'], '/pets/:petId': { allow: ['GET', 'HEAD', 'OPTIONS'], deprecated: { DELETE: { retired: true, since: '2025-01-01', sunset: '2030-01-01' } } } }))
  const breaking = await cliRun(['diff', before, after, '--now', '2026-01-01'])
  t.equal(breaking.code, 1)
  t.equal(breaking.stdout, '1 breaking change:\n  DELETE /pets/:petId: retired without a past sunset\n')
  const announced = await cliRun(['diff', before, after, '--now=2031-01-01', '--json'])
  t.equal(announced.code, 0)
  t.strictSame(JSON.parse(announced.stdout), [{ kind: 'retired', breaking: false, path: '/pets/:petId', method: 'DELETE' }])
  const same = await cliRun(['diff', before, app])
  t.equal(same.code, 0)
  t.equal(same.stdout, 'No change.\n')
})

t.test('exit 2 with usage or a reason when the command cannot run', async t => {
  const usage = await cliRun([])
  t.equal(usage.code, 2)
  t.match(usage.stderr, /^Usage:\n {2}fastify-method-not-allowed surface <app>\n/)
  t.equal(usage.stdout, '')
  const cases: Array<[string[], string]> = [
    [['check', app, document, '--strict'], 'unknown option --strict'],
    [['check', app, document, '--base-path'], '--base-path needs a value'],
    [['diff', app, app, '--now', 'soon'], '--now: not a date: soon'],
    [['surface', join(fixtures, 'plain.ts')], `${join(fixtures, 'plain.ts')}: the app does not have fastify-method-not-allowed registered`]
  ]
  for (const [args, reason] of cases) {
    const ran = await cliRun(args)
    t.equal(ran.code, 2, args.join(' '))
    t.equal(ran.stderr, `fastify-method-not-allowed: ${reason}\n`)
  }
  const missing = await cliRun(['check', join(work, 'none.json'), document])
  t.equal(missing.code, 2)
  t.match(missing.stderr, /^fastify-method-not-allowed: ENOENT: no such file or directory/)
})

t.test('the bin as a process: exit code 0, 1 or 2, stdout and stderr as run() gives them', async t => {
  const surface = join(work, 'process-surface.json')
  writeFileSync(surface, JSON.stringify({ '/pets': pets['/pets'], '/pets/:petId': { allow: ['GET', 'HEAD', 'OPTIONS', 'PUT'] } }))
  const [clean, findings, usage] = await Promise.all([
    cliProcess(['surface', app]),
    cliProcess(['check', surface, document]),
    cliProcess([])
  ])
  t.strictSame(clean, { code: 0, stdout: JSON.stringify(pets, null, 2) + '\n', stderr: '' })
  t.strictSame(findings, { code: 1, stdout: 'DELETE /pets/{petId}: documented, answered 405 at /pets/:petId\nPUT /pets/:petId: served, not documented\n2 findings\n', stderr: '' })
  t.equal(usage.code, 2)
  t.match(usage.stderr, /^Usage:\n {2}fastify-method-not-allowed surface <app>\n/)
  t.equal(usage.stdout, '')
})
