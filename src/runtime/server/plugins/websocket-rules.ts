import { defineNitroPlugin } from 'nitropack/runtime'
import { describeRequirement, describeVia, unmetPart } from '../../shared/decision/requirement'
import { decisionCaller } from '../identity/caller'
import { pathnameOf, routedPathname } from '../../shared/routes/path-readings'
import { useRbacServerConfig } from '../config'
import { reportedUpgradeCaller, upgradeDenial, upgradeTarget } from '../websocket/upgrade-request'
import { reportDecision, whoCalled } from '../decision-log'
import type { UpgradeRequest } from '../websocket/upgrade-request'

type UpgradeHook = (request: UpgradeRequest) => unknown

/**
 * `rbac` route rules over websocket handlers. crossws answers an upgrade from h3's route table
 * before any middleware runs, so the route-rule middleware never sees it; crossws calls the app's
 * global `upgrade` hook first, and a Response it throws is the answer (the handler's own hooks never
 * run). The same rules, under the same readings of the path, decide as for HTTP.
 */
export default defineNitroPlugin((nitroApp) => {
  // The object crossws reads its hooks from, on every upgrade (h3 builds it once per app).
  const options = nitroApp.h3App.websocket as { hooks?: Record<string, UpgradeHook | undefined> }
  const appUpgrade = options.hooks?.upgrade
  options.hooks = {
    ...options.hooks,
    async upgrade(request) {
      await enforceRouteRules(request)
      return appUpgrade?.(request)
    },
  }
})

async function enforceRouteRules(request: UpgradeRequest): Promise<void> {
  const config = useRbacServerConfig()
  const target = upgradeTarget(request)
  if (target === undefined) {
    throw upgradeDenial(400)
  }
  const verdict = config.routeRules.match(target, routedPathname(pathnameOf(target)))
  if (verdict.kind === 'free') {
    return
  }
  if (verdict.kind === 'ambiguous') {
    throw upgradeDenial(400)
  }
  const first = verdict.rules[0]!
  const path = target.split('?', 1)[0]!
  const rbac = await reportedUpgradeCaller(request, () => ({ path, rule: first.pattern, requirement: describeRequirement(first.rbac) }))
  const caller = decisionCaller(rbac)
  const refusedVia = verdict.rules.find(rule => unmetPart(rule.rbac, caller) === 'via')
  if (refusedVia) {
    reportDecision(undefined, 'deny', () => ({ status: 401, guard: 'websocket', path, rule: refusedVia.pattern, requirement: describeRequirement(refusedVia.rbac), unmet: 'via', ...whoCalled(rbac) }))
    throw upgradeDenial(401, `routeRules['${refusedVia.pattern}'] accepts only ${describeVia(refusedVia.rbac)}`)
  }
  const failed = verdict.rules.find(rule => unmetPart(rule.rbac, caller) !== undefined)
  if (failed) {
    reportDecision(undefined, 'deny', () => ({ status: 403, guard: 'websocket', path, rule: failed.pattern, requirement: describeRequirement(failed.rbac), unmet: unmetPart(failed.rbac, caller), ...whoCalled(rbac) }))
    throw upgradeDenial(403, `routeRules['${failed.pattern}'] requires ${describeRequirement(failed.rbac)}`)
  }
  reportDecision(undefined, 'allow', () => ({ status: 200, guard: 'websocket', path, rule: verdict.rules.map(rule => rule.pattern).join(', '), ...whoCalled(rbac) }))
}
