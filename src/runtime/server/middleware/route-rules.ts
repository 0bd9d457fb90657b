import type { H3Event } from 'h3'
import { createError, defineEventHandler } from 'h3'
import { describeRequirement, describeVia, unmetPart } from '../../shared/decision/requirement'
import type { RbacRouteRule, RouteRuleVerdict } from '../../shared/routes/route-rules'
import { islandRoute } from '../../shared/routes/island-route'
import { useRbacServerConfig } from '../config'
import type { RbacServerConfig } from '../config'
import { markPrivate } from '../http/cache-headers'
import { forbidden, unauthorized } from '../http/errors'
import { getRbac } from '../utils/rbac'
import { reportDecision, reportingFaults, whoCalled } from '../decision-log'
import { decisionCaller } from '../identity/caller'

/**
 * Enforces `routeRules: { '/api/admin/**': { rbac: { role: 'admin' } } }` on the path the router
 * will route, under every reading of it (see compileRouteRules): every covering rule must pass,
 * and an ambiguous spelling of a covered path is refused with 400 before anything reads it.
 * Every request of the app passes through here, so a request no rule covers returns
 * synchronously: no promise, no session decoding.
 */
export default defineEventHandler((event) => {
  const config = useRbacServerConfig()
  const url = event.node.req.originalUrl ?? event.node.req.url ?? '/'
  if (url.startsWith(config.authPrefix)) {
    // nuxt-auth's answers (the session above all) are per user, and next-auth does not say so.
    markPrivate(event, config.varyOn)
  }
  // Nitro hands middleware the path without app.baseURL; the rules are compiled with it.
  const verdict = withIsland(config.routeRules.match(url, config.appBase === '' ? event.path : config.appBase + event.path), event.path, config)
  if (verdict.kind === 'free') {
    return
  }
  // Over whatever a route rule's headers set before this middleware: a guarded answer is never shared.
  markPrivate(event, config.varyOn, { force: true })
  if (verdict.kind === 'ambiguous') {
    throw createError({ statusCode: 400, statusMessage: 'Bad Request' })
  }
  return enforce(event, verdict.rules)
})

/**
 * A server component's own request is also covered by the rules over `/__nuxt_island/<Name>`
 * (see islandRoute): the name is read from the path the island handler reads.
 */
function withIsland(verdict: RouteRuleVerdict, path: string, config: RbacServerConfig): RouteRuleVerdict {
  const island = islandRoute(path)
  if (island === undefined || verdict.kind === 'ambiguous') {
    return verdict
  }
  const target = config.appBase + island
  const own = config.routeRules.match(target, target)
  if (own.kind !== 'guarded') {
    return verdict
  }
  return { kind: 'guarded', rules: verdict.kind === 'guarded' ? [...new Set([...verdict.rules, ...own.rules])] : own.rules }
}

async function enforce(event: H3Event, rules: readonly RbacRouteRule[]): Promise<undefined> {
  const first = rules[0]!
  const rbac = await reportingFaults(event, getRbac(event), () => describeRequirement(first.rbac))
  if (!rbac) {
    reportDecision(event, 'deny', () => ({ status: 401, guard: 'route-rule', rule: first.pattern, requirement: describeRequirement(first.rbac), unmet: 'session' }))
    throw unauthorized('no valid session')
  }
  const caller = decisionCaller(rbac)
  // A credential some covering rule does not accept is no credential here: 401 before any 403.
  const refusedVia = rules.find(rule => unmetPart(rule.rbac, caller) === 'via')
  if (refusedVia) {
    reportDecision(event, 'deny', () => ({ status: 401, guard: 'route-rule', rule: refusedVia.pattern, requirement: describeRequirement(refusedVia.rbac), unmet: 'via', ...whoCalled(rbac) }))
    throw unauthorized(`routeRules['${refusedVia.pattern}'] accepts only ${describeVia(refusedVia.rbac)}`)
  }
  const failed = rules.find(rule => unmetPart(rule.rbac, caller) !== undefined)
  if (failed) {
    reportDecision(event, 'deny', () => ({ status: 403, guard: 'route-rule', rule: failed.pattern, requirement: describeRequirement(failed.rbac), unmet: unmetPart(failed.rbac, caller), ...whoCalled(rbac) }))
    throw forbidden(`routeRules['${failed.pattern}'] requires ${describeRequirement(failed.rbac)}`)
  }
  reportDecision(event, 'allow', () => ({ status: 200, guard: 'route-rule', rule: rules.map(rule => rule.pattern).join(', '), requirement: rules.map(rule => describeRequirement(rule.rbac)).join('; '), ...whoCalled(rbac) }))
  return undefined
}
