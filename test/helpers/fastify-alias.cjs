'use strict'
// Preload (`node --require`) that makes this process and its children load
// another installed Fastify: FASTIFY_ALIAS names an npm alias among the
// devDependencies (`"fastify-5-12-2": "npm:fastify@5.12.2"`), and every
// `require('fastify')` and `import 'fastify'`, subpaths included, resolves to
// it. Plugins (@fastify/cors and the others) never load fastify themselves:
// they receive the instance, so the app's Fastify is the only one in play.
const alias = process.env.FASTIFY_ALIAS

if (alias) {
  const Module = require('node:module')

  /** The specifier with `fastify` replaced by the alias, or the specifier itself. */
  const redirect = specifier => specifier === 'fastify' || specifier.startsWith('fastify/')
    ? alias + specifier.slice('fastify'.length)
    : specifier

  const resolveFilename = Module._resolveFilename
  Module._resolveFilename = function resolveFastifyAlias (request, ...rest) {
    return resolveFilename.call(this, redirect(request), ...rest)
  }

  // The same redirection for ESM imports, through Node's module hooks.
  const hooks = `
const alias = ${JSON.stringify(alias)}
export async function resolve (specifier, context, nextResolve) {
  if (specifier === 'fastify' || specifier.startsWith('fastify/')) specifier = alias + specifier.slice(7)
  return nextResolve(specifier, context)
}`
  Module.register('data:text/javascript,' + encodeURIComponent(hooks))
}
