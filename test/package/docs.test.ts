import t from 'tap'
import { spawn } from 'node:child_process'
import { cpSync, existsSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { root, uncoveredEnv } from '../helpers/clone'

// Every example in the README and docs/ runs, so that none can rot:
// - a block fenced ```js or ```ts runs in a child process, as a user would run
//   it, against the built dist/ (`npm test` builds before tap);
// - ```ts blocks are also type-checked, all in one program, with strict and
//   `module: nodenext`, importing the package's published types;
// - `// -> text` comments, in order, are the lines the block must print;
// - ```sh, ```console, ```text and ```http blocks are not run; any other tag
//   (or none) fails, so that a misspelt tag cannot silently skip an example;
// - `<!-- not-run: reason -->` on the line before a fence skips a fragment.

const documents = ['README.md', ...readdirSync(join(root, 'docs')).filter(name => name.endsWith('.md')).map(name => `docs/${name}`)]
const languages: Record<string, 'js' | 'ts'> = { js: 'js', javascript: 'js', ts: 'ts', typescript: 'ts' }
const inert = new Set(['sh', 'console', 'text', 'http'])
const notRunMarker = /^\s*<!--\s*not-run:\s*(\S.*?)\s*-->\s*$/
/** A block still running after this long is stuck: examples end by themselves. */
const timeoutMs = 15_000
/** The issue that set the README's shape: user material first, and small. */
const readmeLimit = 20_000

interface Block {
  /** README.md:42, the line of the opening fence. */
  where: string
  lang: 'js' | 'ts'
  code: string
  /** The `// -> ` comments, in order: what the block prints. */
  expected: string[]
}

interface Extracted { blocks: Block[], skipped: string[], problems: string[] }

function extract (document: string): Extracted {
  const lines = readFileSync(join(root, document), 'utf8').split('\n')
  const result: Extracted = { blocks: [], skipped: [], problems: [] }
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,})(.*)$/.exec(lines[i])
    if (open === null) continue
    const [, indent, fence, info] = open
    const where = `${document}:${i + 1}`
    let end = i + 1
    while (end < lines.length && !new RegExp(`^\\s*${fence}\\s*$`).test(lines[end])) end++
    const code = lines.slice(i + 1, end).map(line => line.startsWith(indent) ? line.slice(indent.length) : line.trimStart()).join('\n') + '\n'
    const tag = info.trim().split(/\s+/)[0]
    const marker = notRunMarker.exec(lines[i - 1] ?? '')
    i = end
    if (end === lines.length) result.problems.push(`${where}: the block is never closed`)
    else if (inert.has(tag)) {
      if (marker !== null) result.problems.push(`${where}: a \`${tag}\` block is never run; drop the not-run marker`)
    } else if (!(tag in languages)) {
      result.problems.push(`${where}: tag the block js or ts (run) or one of ${[...inert].join(', ')} (not run), not "${tag}"`)
    } else if (marker !== null) {
      result.skipped.push(`${where}: ${marker[1]}`)
    } else {
      const expected = code.split('\n').flatMap(line => {
        const at = line.indexOf('// -> ')
        return at === -1 ? [] : [line.slice(at + 6).trimEnd()]
      })
      result.blocks.push({ where, lang: languages[tag], code, expected })
    }
  }
  return result
}

const extracted = documents.map(extract)
const blocks = extracted.flatMap(e => e.blocks)

t.test('the README stays small, and every fenced block is tagged', async t => {
  const size = statSync(join(root, 'README.md')).size
  t.ok(size <= readmeLimit, `README.md is ${size} bytes; keep it at most ${readmeLimit} (move detail to docs/)`)
  t.same(extracted.flatMap(e => e.problems), [])
  for (const skipped of extracted.flatMap(e => e.skipped)) t.comment(`not run: ${skipped}`)
})

t.test('relative links point at files and headings that exist', async t => {
  const broken: string[] = []
  for (const document of documents) {
    const text = readFileSync(join(root, document), 'utf8')
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue
      const [path, anchor] = target.split('#')
      const file = path === '' ? join(root, document) : join(root, document, '..', path)
      if (!existsSync(file)) broken.push(`${document}: ${target}: no such file`)
      else if (anchor !== undefined && !headingSlugs(readFileSync(file, 'utf8')).has(anchor)) {
        broken.push(`${document}: ${target}: no such heading`)
      }
    }
  }
  t.same(broken, [])
})

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function headingSlugs (markdown: string): Set<string> {
  const slugs = new Set<string>()
  let inFence = false
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) inFence = !inFence
    const heading = /^#{1,6}\s+(.*)$/.exec(line)
    if (heading === null || inFence) continue
    slugs.add(heading[1].trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-'))
  }
  return slugs
}

// One project for every block, as a user's would be: its node_modules has this
// repository's packages (linked) and fastify-method-not-allowed as npm installs
// it, package.json and the built dist/ (`npm test` builds before tap). ESM
// ("type": "module"), because examples use top-level await. It lives under
// .tap/, which tap leaves out of coverage: the blocks run dist/, a build of
// lib/ that must not join the coverage report.
const project = t.testdir({
  'package.json': JSON.stringify({ name: 'docs-examples', private: true, type: 'module' }),
  node_modules: {
    'fastify-method-not-allowed': { 'package.json': readFileSync(join(root, 'package.json'), 'utf8') }
  }
})
const installed = join(project, 'node_modules', 'fastify-method-not-allowed')
if (existsSync(join(root, 'dist'))) cpSync(join(root, 'dist'), join(installed, 'dist'), { recursive: true })
for (const name of readdirSync(join(root, 'node_modules'))) {
  if (!name.startsWith('.')) symlinkSync(join(root, 'node_modules', name), join(project, 'node_modules', name), 'dir')
}

// block-<n>.ts for the type checker; runBlock writes what node runs.
const files = blocks.map((block, n) => join(project, `block-${n}.${block.lang}`))
blocks.forEach((block, n) => { if (block.lang === 'ts') writeFileSync(files[n], block.code) })

t.test('the built package is there', async t => {
  t.ok(existsSync(join(root, 'dist', 'index.js')) && existsSync(join(root, 'dist', 'index.d.ts')), 'run `npm run build` first (npm test does)')
})

interface Outcome { code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string }

/** Runs one block as a module, CommonJS unless it imports or exports. */
function runBlock (block: Block, file: string): Promise<Outcome> {
  let source = block.code
  if (block.lang === 'ts') {
    source = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText
  }
  const esm = /^\s*(import|export)\s/m.test(source)
  const script = file.replace(/\.(js|ts)$/, esm ? '.mjs' : '.cjs')
  writeFileSync(script, source)
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { cwd: project, env: uncoveredEnv({ NO_COLOR: '1' }), timeout: timeoutMs })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', chunk => { stdout += chunk })
    child.stderr.setEncoding('utf8').on('data', chunk => { stderr += chunk })
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

// Two children at a time (the machine this runs on has two cores), started
// now so that they run while this process type-checks.
const outcomes: Array<Promise<Outcome>> = []
const pool = [Promise.resolve(), Promise.resolve()]
blocks.forEach((block, n) => {
  const outcome = pool[n % 2].then(() => runBlock(block, files[n]))
  pool[n % 2] = outcome.then(() => {}, () => {})
  outcomes.push(outcome)
})

t.test('every ts block type-checks as a strict NodeNext consumer', async t => {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    moduleDetection: ts.ModuleDetectionKind.Force,
    // Not ES2022's default lib, which adds the DOM: a Node consumer's globals
    // come from @types/node, and skipping the DOM saves half a second here.
    lib: ['lib.es2022.d.ts'],
    types: ['node'],
    typeRoots: [join(project, 'node_modules', '@types')]
  }
  const tsFiles = files.filter(file => file.endsWith('.ts'))
  const program = ts.createProgram(tsFiles, options)
  for (const file of tsFiles) {
    const block = blocks[files.indexOf(file)]
    const diagnostics = ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map(diagnostic => {
      const line = diagnostic.file !== undefined && diagnostic.start !== undefined
        ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1
        : 0
      return `line ${line} of the block: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`
    })
    t.same(diagnostics, [], block.where)
  }
})

t.test('every js and ts block runs, ends by itself and prints what its comments say', async t => {
  for (const [n, block] of blocks.entries()) {
    const { code, signal, stdout, stderr } = await outcomes[n]
    t.test(block.where, async t => {
      t.equal(signal, null, `ended by itself within ${timeoutMs / 1000} s`)
      t.equal(code, 0, 'exits 0', { stderr })
      if (block.expected.length > 0) {
        t.same(stdout.trimEnd().split('\n').map(line => line.trimEnd()), block.expected, 'prints what its // -> comments say')
      }
    })
  }
  t.comment(`${blocks.length} blocks (${blocks.filter(b => b.lang === 'ts').length} ts) from ${documents.length} documents`)
})
