import { execFile } from 'node:child_process'
import { accessSync, constants, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { promisify } from 'node:util'
import Fastify, { type FastifyInstance } from 'fastify'
import { chromium, type Browser, type Page } from 'playwright-core'
import { root } from './clone'

/**
 * Flags for a browser whose only job is to be a client on loopback. Not
 * @sparticuz/chromium's own `args`: those carry --disable-web-security and
 * --single-process, and the browser tests are there to watch CORS enforced.
 */
export const args = [
  // CI runs as root, where Chromium refuses to start its sandbox.
  '--no-sandbox',
  '--disable-gpu',
  // Nothing may leave the machine or wake up during a test.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run'
]

interface Unpacked { executablePath: string, env: Record<string, string> }

/**
 * Unpacks @sparticuz/chromium into `dir`, in a child process. Its
 * executablePath() unpacks into os.tmpdir() and returns any `chromium` already
 * there, even one another run is still writing or another version left: the
 * child's own TMPDIR keeps each run to itself. AWS_LAMBDA_JS_RUNTIME is how
 * the package decides to unpack the NSS, NSPR and expat libraries it ships
 * (otherwise only on AWS): with them the browser needs nothing from the
 * machine. The package sets LD_LIBRARY_PATH and FONTCONFIG_PATH for its own
 * process; the browser gets them from us. import(), not require(): from 149
 * on the package is ESM only.
 */
async function unpackSparticuz (dir: string): Promise<Unpacked> {
  const script = `
    const { default: chromium } = await import('@sparticuz/chromium')
    const executablePath = await chromium.executablePath()
    const { LD_LIBRARY_PATH, FONTCONFIG_PATH } = process.env
    process.stdout.write(JSON.stringify({ executablePath, env: { LD_LIBRARY_PATH, FONTCONFIG_PATH } }))`
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    env: { ...process.env, TMPDIR: dir, AWS_LAMBDA_JS_RUNTIME: 'nodejs22.x' }
  })
  return JSON.parse(stdout) as Unpacked
}

/** The first of `names` that is an executable file on PATH. */
function onPath (names: string[]): string | undefined {
  for (const directory of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = join(directory, name)
      try {
        accessSync(candidate, constants.X_OK)
        if (statSync(candidate).isFile()) return candidate
      } catch {}
    }
  }
  return undefined
}

/** Whether @sparticuz/chromium is installed and ships a browser for this machine (Linux x64 only). */
function sparticuzUsable (): boolean {
  if (process.platform !== 'linux' || process.arch !== 'x64') return false
  try {
    require.resolve('@sparticuz/chromium', { paths: [root] })
    return true
  } catch {
    return false
  }
}

/**
 * A headless Chromium that comes from the npm registry with `npm ci`:
 * @sparticuz/chromium, unpacked for this launch and deleted when the browser
 * goes away. Where that package has no browser for the machine, a Chromium
 * found on PATH; never a download.
 */
export async function launchChromium (): Promise<Browser> {
  if (!sparticuzUsable()) {
    const executablePath = onPath(['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'])
    if (executablePath === undefined) {
      throw new Error(`No Chromium: @sparticuz/chromium ships Linux x64 only (this is ${process.platform} ${process.arch}) and none is on PATH`)
    }
    return chromium.launch({ executablePath, headless: true, args, timeout: 20_000 })
  }

  const dir = mkdtempSync(join(tmpdir(), 'fmna-sparticuz-'))
  const remove = (): void => rmSync(dir, { recursive: true, force: true })
  try {
    const { executablePath, env } = await unpackSparticuz(dir)
    const browser = await chromium.launch({ executablePath, headless: true, args, env: { ...process.env, ...env }, timeout: 20_000 })
    browser.on('disconnected', remove)
    return browser
  } catch (error) {
    remove()
    throw error
  }
}

/** What a page's fetch() came to: a response, or the error a failed preflight turns into. */
export interface Seen { status?: number, allow?: string | null, body?: unknown, error?: string }

/** A request as the API logged it. */
export interface Logged { method: string, url: string, requestMethod: string | undefined, status: number }

/**
 * The page's own code: what fetch() resolves to or rejects with is all a web
 * app can ever see of a cross-origin exchange (a failed preflight is only a
 * TypeError), and Chromium, not inject(), decides whether a preflight passes
 * (Fetch standard §4.8, CORS-preflight fetch).
 */
export const pageHtml = `<!doctype html>
<meta charset="utf-8">
<title>fastify-method-not-allowed in a browser</title>
<script>
  window.call = async (url, method, body) => {
    const init = { method }
    if (body !== undefined) {
      // Not a CORS-safelisted content type: even a POST is preflighted.
      init.headers = { 'content-type': 'application/json' }
      init.body = JSON.stringify(body)
    }
    try {
      const response = await fetch(url, init)
      const text = await response.text()
      return { status: response.status, allow: response.headers.get('allow'), body: text === '' ? null : JSON.parse(text) }
    } catch (error) {
      return { error: String(error) }
    }
  }
</script>
`

/** Listens on an ephemeral loopback port; the base URL. */
export async function listen (app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 })
  return `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
}

/** What a browser suite starts once per file; all of it is closed when the file ends. */
export interface BrowserSuite {
  /** The origin of the site that serves pageHtml. */
  pageOrigin: string
  /** Has `app` listen for the suite: its base URL. */
  serve (app: FastifyInstance): Promise<string>
  /** Launches Chromium and opens the suite's one page. */
  openPage (): Promise<Page>
}

/** Starts the page's site; `t` closes the servers and the browser at the end of the file. */
export async function startBrowserSuite (t: { teardown (fn: () => Promise<void>): void }): Promise<BrowserSuite> {
  const servers: FastifyInstance[] = []
  let browser: Browser | undefined
  t.teardown(async () => {
    await browser?.close()
    await Promise.all(servers.map(server => server.close()))
  })
  async function serve (app: FastifyInstance): Promise<string> {
    servers.push(app)
    return await listen(app)
  }

  const site = Fastify()
  site.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(pageHtml))
  return {
    pageOrigin: await serve(site),
    serve,
    async openPage () {
      browser = await launchChromium()
      return await browser.newPage()
    }
  }
}

/** A fetch() of `url` from the page pageHtml is loaded in. */
export async function fetchFrom (page: Page, url: string, method: string, body?: unknown): Promise<Seen> {
  return page.evaluate(async ([url, method, body]) => {
    const client = globalThis as unknown as { call: (url: string, method: string, body?: unknown) => Promise<Seen> }
    return client.call(url as string, method as string, body)
  }, [url, method, body] as const)
}
