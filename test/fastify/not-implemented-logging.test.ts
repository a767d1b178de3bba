import t from 'tap'
import type { FastifyError } from 'fastify'
import { body501, build } from '../helpers/app'
import { captureLog } from '../helpers/log-capture'

interface Line { level: number, msg: string, err?: { code?: string } }

const capture = (): ReturnType<typeof captureLog<Line>> => captureLog<Line>()

const levels = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const

function levelOf501 (lines: Line[]): number[] {
  return lines.filter(line => line.err?.code === 'FST_ERR_METHOD_NOT_IMPLEMENTED').map(line => line.level)
}

t.test('a 501 is logged at info by default, as Fastify logs a 4xx, never as an error', async t => {
  const { lines, logger } = capture()
  const app = await build(undefined, { logger })
  const res = await app.inject({ method: 'PROPFIND' as 'GET', url: '/a' })
  t.equal(res.statusCode, 501)
  t.same(res.json(), body501('PROPFIND'))
  t.same(levelOf501(lines), [levels.info])
  t.equal(lines.filter(line => line.level >= levels.error).length, 0)
})

for (const level of ['warn', 'debug', 'error', 'fatal'] as const) {
  t.test(`notImplementedLogLevel: '${level}' logs the 501 at ${level}`, async t => {
    const { lines, logger } = capture()
    const app = await build({ notImplementedLogLevel: level }, { logger })
    t.equal((await app.inject({ method: 'PROPFIND' as 'GET', url: '/a' })).statusCode, 501)
    t.same(levelOf501(lines), [levels[level]])
  })
}

t.test('notImplementedLogLevel: \'silent\' does not log the 501; the response is logged as usual', async t => {
  const { lines, logger } = capture()
  const app = await build({ notImplementedLogLevel: 'silent' }, { logger })
  t.equal((await app.inject({ method: 'PROPFIND' as 'GET', url: '/a' })).statusCode, 501)
  t.same(levelOf501(lines), [])
  t.same(lines.filter(line => line.msg === 'request completed').map(line => line.level), [levels.info])
})

t.test('the 501 still goes through the app\'s error handler, whose reply.log.error logs at the chosen level', async t => {
  const { lines, logger } = capture()
  const app = await build({ notImplementedLogLevel: 'warn' }, { logger })
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    reply.log.error({ err: error }, 'custom')
    reply.code(error.statusCode ?? 500).send({ custom: error.code })
  })
  const res = await app.inject({ method: 'PROPFIND' as 'GET', url: '/a' })
  t.equal(res.statusCode, 501)
  t.same(res.json(), { custom: 'FST_ERR_METHOD_NOT_IMPLEMENTED' })
  t.same(lines.filter(line => line.msg === 'custom').map(line => line.level), [levels.warn])
})

t.test('a bad notImplementedLogLevel fails registration naming the key', async t => {
  await t.rejects(async () => build({ notImplementedLogLevel: 'loud' as 'info' }), {
    code: 'FST_ERR_METHOD_NOT_ALLOWED_INVALID_OPTION',
    message: /^fastify-method-not-allowed: invalid option "notImplementedLogLevel": /
  })
})
