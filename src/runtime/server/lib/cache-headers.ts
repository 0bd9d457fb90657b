import type { H3Event } from 'h3'

/**
 * Marks a response that depends on who asked as private: no shared cache or CDN may keep it, and
 * any cache must key it by the cookie. A `Cache-Control` the app set itself is kept, unless
 * `force` (a path a route rule guards: only Nitro's route-rule headers can be there yet).
 */
export function markPrivate(event: H3Event, { force = false } = {}): void {
  const response = event.node.res
  if (response.headersSent) {
    return
  }
  if (force || !response.hasHeader('cache-control')) {
    response.setHeader('cache-control', 'private, no-store')
  }
  const vary = response.getHeader('vary')
  const varies = (Array.isArray(vary) ? vary.join(',') : String(vary ?? '')).split(',').map(name => name.trim().toLowerCase())
  if (!varies.includes('cookie') && !varies.includes('*')) {
    response.setHeader('vary', vary ? `${Array.isArray(vary) ? vary.join(', ') : String(vary)}, Cookie` : 'Cookie')
  }
}
