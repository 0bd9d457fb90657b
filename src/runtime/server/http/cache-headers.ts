import type { H3Event } from 'h3'

/**
 * Marks a response that depends on who asked as private: no shared cache or CDN may keep it, and
 * any cache must key it by what identified the caller (`varyOn`: the cookie, and the token header
 * where the identity source reads one). A `Cache-Control` the app set itself is kept, unless
 * `force` (a path a route rule guards: only Nitro's route-rule headers can be there yet).
 */
export function markPrivate(event: H3Event, varyOn: readonly string[], { force = false } = {}): void {
  const response = event.node.res
  if (response.headersSent) {
    return
  }
  if (force || !response.hasHeader('cache-control')) {
    response.setHeader('cache-control', 'private, no-store')
  }
  const vary = response.getHeader('vary')
  const current = Array.isArray(vary) ? vary.join(', ') : String(vary ?? '')
  const varies = current.split(',').map(name => name.trim().toLowerCase())
  if (varies.includes('*')) {
    return
  }
  const missing = varyOn.filter(name => !varies.includes(name.toLowerCase()))
  if (missing.length > 0) {
    response.setHeader('vary', [...(current ? [current] : []), ...missing].join(', '))
  }
}
