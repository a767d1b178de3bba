import type { MethodNotAllowedError, NotImplementedError } from '../types/index'

// Fastify 5 types an error handler's `error` as `unknown` (anything can be
// thrown). These narrow it without a cast. They read the code rather than use
// instanceof, so an error from another copy of this package (two versions in
// one node_modules tree) is recognised too.

/** Whether `error` is a 405 this plugin sends: FST_ERR_METHOD_NOT_ALLOWED with its Allow list. */
export function isMethodNotAllowedError (error: unknown): error is MethodNotAllowedError {
  return error instanceof Error &&
    (error as { code?: unknown }).code === 'FST_ERR_METHOD_NOT_ALLOWED' &&
    Array.isArray((error as { allow?: unknown }).allow)
}

/** Whether `error` is a 501 this plugin sends: FST_ERR_METHOD_NOT_IMPLEMENTED. */
export function isNotImplementedError (error: unknown): error is NotImplementedError {
  return error instanceof Error && (error as { code?: unknown }).code === 'FST_ERR_METHOD_NOT_IMPLEMENTED'
}
