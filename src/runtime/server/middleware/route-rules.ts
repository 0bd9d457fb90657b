import { createError, defineEventHandler } from 'h3'
import { canonicalPath } from '../../shared/path'
import { rulesForPath } from '../../shared/route-rules'
import { satisfiesRoles } from '../../shared/config'
import { isAuthEndpoint, useRbacRouteRules } from '../lib/config'
import { forbidden, unauthorized } from '../lib/errors'
import { getRbac } from '../utils/rbac'

/**
 * Enforces `routeRules: { '/api/admin/**': { rbac: { role: 'admin' } } }`. The path is
 * canonicalised first (decoded, slashes and dot segments resolved, lower-cased), so no
 * spelling of a protected path gets past its rule; every matching rule must pass.
 */
export default defineEventHandler(async (event) => {
  const rules = useRbacRouteRules(event)
  if (rules.length === 0) {
    return
  }
  const path = canonicalPath(event.path)
  if (path === undefined) {
    throw createError({ statusCode: 400, statusMessage: 'Bad Request' })
  }
  const matched = rulesForPath(path, rules)
  // Only requests a rule covers pay for the auth-endpoint check.
  if (matched.length === 0 || isAuthEndpoint(path, event)) {
    return
  }
  const rbac = await getRbac(event)
  if (!rbac) {
    throw unauthorized('no valid session')
  }
  const failed = matched.find(rule => !satisfiesRoles(rbac.effectiveRoles, rule.rbac))
  if (failed) {
    throw forbidden(`routeRules['${failed.pattern}'] requires ${[failed.rbac.role].flat().join(', ')}`)
  }
})
