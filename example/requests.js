'use strict'

const origin = 'https://app.example'

/**
 * The requests that `npm start` suggests and `npm run demo` sends. `status` is
 * what the service answers; the demo fails when it answers anything else.
 */
const requests = [
  { why: 'a matched route: the plugin adds nothing', method: 'GET', path: '/users/1', status: 200 },
  { why: 'routed for GET and PATCH, not DELETE: 405 with Allow', method: 'DELETE', path: '/users/1', status: 405 },
  { why: 'the query string does not hide the resource', method: 'PUT', path: '/users?page=2', status: 405 },
  { why: 'automatic OPTIONS: 200, empty body, Allow', method: 'OPTIONS', path: '/users/1', status: 200 },
  { why: 'the handler called callNotFound(): its 404 is never rewritten', method: 'GET', path: '/users/42', status: 404 },
  { why: 'a wildcard route counts like any other', method: 'DELETE', path: '/files/reports/q1.txt', status: 405 },
  { why: 'an unknown URL keeps its 404', method: 'DELETE', path: '/nothing-here', status: 404 },
  { why: 'hidden with config: { methodNotAllowed: false }: plain 404', method: 'DELETE', path: '/admin/stats', status: 404 },
  { why: 'a method Fastify does not route at all: 501', method: 'PROPFIND', path: '/users/1', status: 501 },
  { why: 'OPTIONS * describes the whole server', method: 'OPTIONS', path: '*', status: 200 },
  {
    why: 'a CORS preflight is answered from the route table: Access-Control-Allow-Methods is the URL\'s Allow',
    method: 'OPTIONS',
    path: '/users/1',
    headers: { Origin: origin, 'Access-Control-Request-Method': 'PATCH' },
    status: 204
  },
  {
    why: 'a CORS preflight for an unknown URL gets the 404, and the browser goes no further',
    method: 'OPTIONS',
    path: '/nothing-here',
    headers: { Origin: origin, 'Access-Control-Request-Method': 'DELETE' },
    status: 404
  },
  {
    why: 'a cross-origin 405 keeps its CORS headers, and the page may read Allow',
    method: 'DELETE',
    path: '/users/1',
    headers: { Origin: origin },
    status: 405
  },
  { why: 'a deprecated method still works, and says so: Deprecation, Sunset, Link', method: 'PUT', path: '/settings', status: 200 },
  { why: 'a retired method answers 405, names its successor, and no Allow lists it', method: 'POST', path: '/settings', status: 405 },
  {
    why: 'a client that asks for RFC 9457 problem details gets them',
    method: 'POST',
    path: '/settings',
    headers: { Accept: 'application/problem+json' },
    status: 405
  },
  { why: 'the OpenAPI document: PUT /settings deprecated, with its sunset; the retired POST not listed', method: 'GET', path: '/documentation/json', status: 200 },
  { why: 'who still calls a deprecated or retired method (each call is logged at warn too)', method: 'GET', path: '/admin/deprecated-calls', status: 200 },
  { why: 'automatic OPTIONS lists what PATCH accepts: Accept-Patch', method: 'OPTIONS', path: '/settings', status: 200 },
  {
    why: 'a PATCH in the format Accept-Patch lists is accepted',
    method: 'PATCH',
    path: '/settings',
    headers: { 'Content-Type': 'application/merge-patch+json' },
    body: '{"theme":"dark"}',
    status: 200
  }
]

/** The request as a curl command line. */
function curlCommand (base, request) {
  const args = ['curl', '-i']
  if (request.method !== 'GET') args.push('-X', request.method)
  for (const [name, value] of Object.entries(request.headers ?? {})) args.push('-H', quote(`${name}: ${value}`))
  if (request.body !== undefined) args.push('--data-raw', quote(request.body))
  // curl cannot send the asterisk-form target without --request-target.
  if (request.path === '*') args.push('--request-target', quote('*'), base + '/')
  else args.push(quote(base + request.path))
  return args.join(' ')
}

function quote (argument) {
  return /^[\w@%+=:,./-]+$/.test(argument) ? argument : `'${argument}'`
}

module.exports = { requests, curlCommand }
