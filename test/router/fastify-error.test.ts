import t from 'tap'
import type { FastifyReply } from 'fastify'
import { FST_ERR_METHOD_NOT_ALLOWED } from '../../lib/errors'
import { Answer } from '../../lib/model/allow'
import type { Resolution } from '../../lib/request/matcher'
import { methodNotAllowed } from '../../lib/request/responder'

// lib/router/fastify-error.ts builds the 405 error without @fastify/error's
// constructor: the object must be the one that constructor builds.

/** A resolution as the matcher makes it, of a resource with this Allow list. */
function resolutionOf (allow: string[]): Resolution {
  const answer = new Answer(allow)
  return { allow: answer.allow, answer, resource: true, ownOptions: false, selfMatched: false, message: '', messageUrl: '' }
}

t.test('the responder\'s 405 error is the object FST_ERR_METHOD_NOT_ALLOWED builds, plus allow', async t => {
  const headers: Record<string, string> = {}
  const reply = { header (name: string, value: string) { headers[name] = value; return reply } } as unknown as FastifyReply
  const allow = ['GET', 'HEAD']
  const error = methodNotAllowed(reply, 'DELETE', '/posts/1?x=%s', resolutionOf(allow))
  const reference = new FST_ERR_METHOD_NOT_ALLOWED('DELETE', '/posts/1?x=%s', 'GET, HEAD')

  // Same own properties, in the same order, with the same values and descriptors.
  t.same(Object.getOwnPropertyNames(error), [...Object.getOwnPropertyNames(reference), 'allow'])
  for (const key of Object.getOwnPropertyNames(reference)) {
    t.same(Object.getOwnPropertyDescriptor(error, key), Object.getOwnPropertyDescriptor(reference, key), key)
  }
  t.equal(Object.getPrototypeOf(error), Object.getPrototypeOf(reference))
  t.equal(error.message, 'Method DELETE is not allowed for /posts/1?x=%s; allowed: GET, HEAD')
  t.equal(String(error), String(reference))
  t.ok(error instanceof FST_ERR_METHOD_NOT_ALLOWED)
  t.ok(error instanceof Error)
  t.same(error.allow, ['GET', 'HEAD'])
  t.not(error.allow, allow)
  t.same(headers, { allow: 'GET, HEAD' })
})

t.test('a resolution keeps the message of the last URL it served; another URL (another query) gets its own', async t => {
  const reply = { header () { return reply } } as unknown as FastifyReply
  const resolution = resolutionOf(['GET', 'HEAD'])
  const messages = ['/a', '/a', '/a?x=1', '/a'].map(url => methodNotAllowed(reply, 'DELETE', url, resolution).message)
  t.same(messages, [
    'Method DELETE is not allowed for /a; allowed: GET, HEAD',
    'Method DELETE is not allowed for /a; allowed: GET, HEAD',
    'Method DELETE is not allowed for /a?x=1; allowed: GET, HEAD',
    'Method DELETE is not allowed for /a; allowed: GET, HEAD'
  ])
  t.equal(resolution.message, messages[3])
  t.equal(resolution.messageUrl, '/a')
})
