import { createError, defineEventHandler } from 'h3'
import { satisfiesRoles } from '../../shared/config'
import { useRbacServerConfig } from '../lib/config'
import { markPrivate } from '../lib/cache-headers'
import { forbidden, unauthorized } from '../lib/errors'
import { getRbac } from '../utils/rbac'

/**
 * Enforces `routeRules: { '/api/admin/**': { rbac: { role: 'admin' } } }` on the path the router
 * will route, under every reading of it (see compileRouteRules): every covering rule must pass,
 * and an ambiguous spelling of a covered path is refused with 400 before anything reads it.
 */
export default defineEventHandler(async (event) => {
  const config = useRbacServerConfig()
  const url = event.node.req.originalUrl ?? event.node.req.url ?? '/'
  if (url.startsWith(config.authPrefix)) {
    // nuxt-auth's answers (the session above all) are per user, and next-auth does not say so.
    markPrivate(event)
  }
  const verdict = config.routeRules.match(url, event.path)
  if (verdict.kind === 'free') {
    return
  }
  markPrivate(event)
  if (verdict.kind === 'ambiguous') {
    throw createError({ statusCode: 400, statusMessage: 'Bad Request' })
  }
  const rbac = await getRbac(event)
  if (!rbac) {
    throw unauthorized('no valid session')
  }
  const failed = verdict.rules.find(rule => !satisfiesRoles(rbac.effectiveRoles, rule.rbac))
  if (failed) {
    throw forbidden(`routeRules['${failed.pattern}'] requires ${[failed.rbac.role].flat().join(', ')}`)
  }
})
