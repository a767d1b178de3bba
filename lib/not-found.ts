import type { FastifyInstance, preHandlerHookHandler } from 'fastify'
import { FST_ERR_METHOD_NOT_ALLOWED_REGISTERED_LATE } from './errors'

type NotFoundOptions = { preHandler?: preHandlerHookHandler | preHandlerHookHandler[] } & Record<string, unknown>
type SetNotFoundHandler = (this: FastifyInstance, opts?: unknown, handler?: unknown) => FastifyInstance

/**
 * Puts `onNotFound` last among the preHandler hooks of every not-found handler:
 * the default one, and each one set later at any prefix. Being a hook of the
 * not-found context only, it costs matched routes nothing, and it runs after
 * the app's own hooks (CORS, auth, rate limits) and before the app's 404 handler.
 */
export function coverNotFoundHandlers (fastify: FastifyInstance, onNotFound: preHandlerHookHandler): void {
  const original = fastify.setNotFoundHandler as unknown as SetNotFoundHandler

  function withDecision (opts: unknown): NotFoundOptions {
    const own = (opts !== null && typeof opts === 'object' ? opts : {}) as NotFoundOptions
    const preHandler = own.preHandler === undefined ? [] : Array.isArray(own.preHandler) ? own.preHandler : [own.preHandler]
    return { ...own, preHandler: [...preHandler, onNotFound] }
  }

  // Children created by register() inherit this through their prototype.
  const cover: SetNotFoundHandler = function setNotFoundHandler (opts, handler) {
    return typeof opts === 'function'
      ? original.call(this, withDecision(undefined), opts)
      : original.call(this, withDecision(opts), handler)
  }
  ;(fastify as unknown as { setNotFoundHandler: SetNotFoundHandler }).setNotFoundHandler = cover

  // Without a handler this attaches the hook to the default 404 and leaves the
  // slot free for the app. It throws when the app already took the slot: that
  // handler was built without our hook, and missing its 405s silently is worse.
  try {
    original.call(fastify, withDecision(undefined))
  } catch {
    throw new FST_ERR_METHOD_NOT_ALLOWED_REGISTERED_LATE(fastify.prefix === '' ? '/' : fastify.prefix)
  }
}
