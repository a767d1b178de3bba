import Fastify, { type FastifyContextConfig, type FastifyInstance, type HTTPMethods } from 'fastify'
import methodNotAllowed from '../../lib/plugin'
import type { MethodDeprecation } from '../../types/index'

/**
 * A Fastify app serving exactly the operations of an OpenAPI 3 document:
 * `{name}` becomes `:name`, deprecated operations are deprecated on the
 * server (since `since`), all under `prefix`. `drop` leaves operations out
 * (`'GET /pets'`, the document's spelling), `retire` declares them retired.
 */
export interface AppFromDocument {
  prefix?: string
  drop?: string[]
  retire?: string[]
  since?: string
  /** Routes of the app's own, declared before ready. */
  extend?: (app: FastifyInstance) => void | Promise<void>
}

const operationKeys = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

type PathItem = Record<string, { deprecated?: boolean } | undefined>

export async function appFromDocument (document: { paths: Record<string, PathItem> }, options: AppFromDocument = {}): Promise<FastifyInstance> {
  const { prefix = '', drop = [], retire = [], since = '2020-01-01', extend } = options
  const app = Fastify()
  await app.register(methodNotAllowed)
  await app.register(async function api (api) {
    for (const [path, item] of Object.entries(document.paths)) {
      // Fastify ends a parameter's name at `-` and `.`: `{enterprise-team}` is `:enterprise_team`.
      const url = path.replace(/\{([^}]*)\}/g, (_, name: string) => ':' + name.replace(/\W/g, '_'))
      for (const key of operationKeys) {
        const operation = item[key]
        const method = key.toUpperCase()
        if (operation === undefined || drop.includes(`${method} ${path}`)) continue
        const deprecated: Record<string, MethodDeprecation> = {}
        if (retire.includes(`${method} ${path}`)) deprecated[method] = { retired: true }
        else if (operation.deprecated === true) deprecated[method] = { since }
        const config: FastifyContextConfig = Object.keys(deprecated).length === 0 ? {} : { methodNotAllowed: { deprecated } }
        api.route({ method: method as HTTPMethods, url, config, handler: async () => ({ ok: true }) })
      }
    }
  }, { prefix })
  await extend?.(app)
  await app.ready()
  return app
}
