import { spawn } from 'node:child_process'
import { cpSync, symlinkSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'

/** The repository this test suite belongs to. */
export const root = resolve(__dirname, '..', '..')

const notCopied = new Set(['node_modules', '.git', 'dist', '.tap', 'coverage', 'scratch'])

/**
 * Copies the working tree into `dir` the way a fresh clone has it: no dist/,
 * node_modules linked. Scripts that build dist/ there cannot race another test
 * or process that reads the shared dist/.
 */
export function copyWorkingTree (dir: string): string {
  cpSync(root, dir, {
    recursive: true,
    filter: source => {
      const path = relative(root, source)
      return !notCopied.has(path.split(sep)[0]) && !path.endsWith('.tgz')
    }
  })
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir')
  return dir
}

/**
 * The environment for a child process that never loads lib/ (npm, tsc, attw,
 * node on a build or a tarball): tap's coverage collection switched off in it
 * and its descendants. tap turns precise V8 coverage on in every process a
 * test starts, which slows tools such as tsc by a third, and what they run
 * cannot count towards the coverage of lib/ anyway.
 */
export function uncoveredEnv (env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { ...process.env, _TAPJS_PROCESSINFO_COVERAGE_: '0', ...env }
}

export interface Run { code: number | null, stdout: string, stderr: string }

/** Runs a command that never loads lib/ to its end and collects its output. */
export function run (command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: uncoveredEnv({ NO_COLOR: '1', ...env }) })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', chunk => { stdout += chunk })
    child.stderr.setEncoding('utf8').on('data', chunk => { stderr += chunk })
    child.on('error', reject)
    child.on('close', code => resolve({ code, stdout, stderr }))
  })
}
