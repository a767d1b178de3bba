import t from 'tap'
import type { FastifyRequest } from 'fastify'
import { build } from '../helpers/app'
import { captureLog } from '../helpers/log-capture'
import type { DeprecatedCall, FastifyMethodNotAllowedOptions } from '../../types/index'

// Each call of a deprecated or retired method: one structured line through
// request.log, and the onDeprecatedCall callback, so that a team knows who
// still calls a method before its sunset.

interface Line { level: number, msg: string, reqId?: string, deprecatedCall?: DeprecatedCall }

const levels = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const
const since = '2026-12-01'
const sunset = '2027-06-30'
const link = 'https://api.example/changes/settings'

const capture = (): ReturnType<typeof captureLog<Line>> => captureLog<Line>()

async function settings (options: FastifyMethodNotAllowedOptions, clock: { now: number }, lines: ReturnType<typeof capture>) {
  const app = await build({ clock: () => clock.now, ...options }, { logger: lines.logger })
  app.get('/settings/:id', async () => ({ theme: 'light' }))
  app.patch('/settings/:id', async () => ({ patched: true }))
  app.route({
    method: ['PUT', 'POST'],
    url: '/settings/:id',
    config: { methodNotAllowed: { deprecated: { PUT: { since, sunset, use: 'PATCH', link }, POST: { retired: true } } } },
    handler: async () => ({ put: true })
  })
  return app
}

const calls = (lines: Line[]): Line[] => lines.filter(line => line.deprecatedCall !== undefined)

t.test('a call of a deprecated method logs one line at warn with method, URL, route, sunset, successor and user agent', async t => {
  const clock = { now: Date.parse(since) }
  const log = capture()
  const app = await settings({}, clock, log)
  const res = await app.inject({ method: 'PUT', url: '/settings/7?x=1', headers: { 'user-agent': 'billing-client/2.3' } })
  t.equal(res.statusCode, 200)
  const [line, ...others] = calls(log.lines)
  t.same(others, [])
  t.equal(line.level, levels.warn)
  t.equal(line.msg, 'deprecated method called')
  t.same(line.deprecatedCall, { method: 'PUT', url: '/settings/7?x=1', route: '/settings/:id', retired: false, since, sunset, use: 'PATCH', link, userAgent: 'billing-client/2.3' })
  const completed = log.lines.find(line => line.msg === 'request completed')
  t.equal(line.reqId, completed?.reqId, 'the line is the request\'s, with its id')
})

t.test('a call of a retired method logs one line too, retired: true, whether it gets a 405 or not', async t => {
  const clock = { now: Date.parse(sunset) }
  const log = capture()
  const app = await settings({}, clock, log)
  const put = await app.inject({ method: 'PUT', url: '/settings/7' })
  t.equal(put.statusCode, 405)
  const post = await app.inject({ method: 'POST', url: '/settings/7' })
  t.equal(post.statusCode, 405)
  t.same(calls(log.lines).map(line => [line.level, line.msg, line.deprecatedCall]), [
    [levels.warn, 'retired method called', { method: 'PUT', url: '/settings/7', route: '/settings/:id', retired: true, since, sunset, use: 'PATCH', link, userAgent: 'lightMyRequest' }],
    [levels.warn, 'retired method called', { method: 'POST', url: '/settings/7', route: '/settings/:id', retired: true, userAgent: 'lightMyRequest' }]
  ])
})

t.test('methods that are not deprecated log nothing, on the same route or another', async t => {
  const clock = { now: Date.parse(since) }
  const log = capture()
  const app = await settings({}, clock, log)
  for (const method of ['GET', 'PATCH', 'DELETE'] as const) await app.inject({ method, url: '/settings/7' })
  t.same(calls(log.lines), [])
})

for (const level of ['info', 'error', 'trace'] as const) {
  t.test(`deprecatedCallLogLevel: '${level}' logs the line at ${level}`, async t => {
    const log = capture()
    const app = await settings({ deprecatedCallLogLevel: level }, { now: Date.parse(since) }, log)
    await app.inject({ method: 'PUT', url: '/settings/7' })
    t.same(calls(log.lines).map(line => line.level), [levels[level]])
  })
}

t.test('onDeprecatedCall gets the facts of the line and the request, also with deprecatedCallLogLevel \'silent\'', async t => {
  const clock = { now: Date.parse(since) }
  const log = capture()
  const seen: Array<[DeprecatedCall, string]> = []
  const app = await settings({
    deprecatedCallLogLevel: 'silent',
    onDeprecatedCall: (call: DeprecatedCall, request: FastifyRequest) => { seen.push([call, request.id]) }
  }, clock, log)
  const res = await app.inject({ method: 'PUT', url: '/settings/7' })
  t.equal(res.statusCode, 200)
  clock.now = Date.parse(sunset)
  await app.inject({ method: 'PUT', url: '/settings/8', headers: { 'user-agent': 'old' } })
  t.same(calls(log.lines), [], 'silent: no line')
  t.same(seen.map(([call]) => [call.url, call.retired, call.userAgent]), [['/settings/7', false, 'lightMyRequest'], ['/settings/8', true, 'old']])
  t.equal(typeof seen[0][1], 'string')
})

t.test('with the line silent and no callback, a deprecated method is served as before', async t => {
  const log = capture()
  const app = await settings({ deprecatedCallLogLevel: 'silent' }, { now: Date.parse(since) }, log)
  const res = await app.inject({ method: 'PUT', url: '/settings/7' })
  t.equal(res.statusCode, 200)
  t.equal(res.headers.deprecation, `@${Date.parse(since) / 1000}`)
  t.same(calls(log.lines), [])
})

t.test('a HEAD request to a deprecated GET logs HEAD', async t => {
  const log = capture()
  const app = await build({ clock: () => Date.parse(since) }, { logger: log.logger })
  app.get('/old', { config: { methodNotAllowed: { deprecated: { GET: { since } } } } }, async () => 'old')
  await app.inject({ method: 'HEAD', url: '/old' })
  t.same(calls(log.lines).map(line => line.deprecatedCall), [{ method: 'HEAD', url: '/old', route: '/old', retired: false, since, userAgent: 'lightMyRequest' }])
})

/** A logger of the app's own (Fastify's loggerInstance) that records which of its methods are called. */
function recordingLogger (isLevelEnabled?: (level: string) => boolean) {
  const called: string[] = []
  const logger: Record<string, unknown> = { level: 'info', child: () => logger }
  for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace']) logger[level] = () => { called.push(level) }
  if (isLevelEnabled !== undefined) logger.isLevelEnabled = isLevelEnabled
  return { called, logger }
}

t.test('a logger that does not print at the level is not handed the line; onDeprecatedCall still gets the call', async t => {
  const { called, logger } = recordingLogger(level => level !== 'warn')
  const seen: string[] = []
  const app = await build({ clock: () => Date.parse(since), onDeprecatedCall: call => { seen.push(call.method) } }, { loggerInstance: logger as never })
  app.put('/old', { config: { methodNotAllowed: { deprecated: { PUT: { since } } } } }, async () => 'old')
  const res = await app.inject({ method: 'PUT', url: '/old' })
  t.equal(res.statusCode, 200)
  t.same(called.filter(level => level === 'warn'), [])
  t.same(seen, ['PUT'])
})

t.test('a logger that cannot say which levels it prints is handed every line', async t => {
  const { called, logger } = recordingLogger()
  const app = await build({ clock: () => Date.parse(since) }, { loggerInstance: logger as never })
  app.put('/old', { config: { methodNotAllowed: { deprecated: { PUT: { since } } } } }, async () => 'old')
  await app.inject({ method: 'PUT', url: '/old' })
  t.same(called.filter(level => level === 'warn'), ['warn'])
})

t.test('a route whose logLevel is above the line\'s prints no line', async t => {
  const log = capture()
  const app = await build({ clock: () => Date.parse(since) }, { logger: log.logger })
  app.put('/old', { logLevel: 'error', config: { methodNotAllowed: { deprecated: { PUT: { since } } } } }, async () => 'old')
  await app.inject({ method: 'PUT', url: '/old' })
  t.same(calls(log.lines), [])
})

t.test('with logging off, onDeprecatedCall still gets each call', async t => {
  const seen: string[] = []
  const app = await build({ clock: () => Date.parse(since), onDeprecatedCall: call => { seen.push(`${call.method} ${call.url}`) } })
  app.put('/old', { config: { methodNotAllowed: { deprecated: { PUT: { since } } } } }, async () => 'old')
  const res = await app.inject({ method: 'PUT', url: '/old' })
  t.equal(res.statusCode, 200)
  t.same(seen, ['PUT /old'])
})
