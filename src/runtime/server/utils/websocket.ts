import { describeRequirement, describeVia, unmetPart } from '../../shared/decision/requirement'
import { decisionCaller } from '../identity/caller'
import type { Requirement } from '../../shared/decision/requirement'
import type { RbacRequirement } from '../../shared/types'
import { pathOfUpgrade, reportedUpgradeCaller, upgradeDenial } from '../websocket/upgrade-request'
import { reportDecision, whoCalled } from '../decision-log'
import type { UpgradeRequest } from '../websocket/upgrade-request'

export type { UpgradeRequest } from '../websocket/upgrade-request'

/**
 * The guard of a websocket handler, for its `upgrade` hook (h3 middleware never runs for an
 * upgrade): refuses the upgrade with 401 without a valid session and 403 unless the caller meets
 * the requirement — the same `{ role?, all?, can? }` as requireRbac. The caller is kept in
 * `request.context.rbac`, which the peer sees as `peer.context.rbac`. Resolves to nothing, so that
 * it can be the hook itself (crossws reads what the hook returns as the answer's headers).
 * @example defineWebSocketHandler({ upgrade: request => requireRbacUpgrade(request, { role: 'admin' }), message(peer, message) { … } })
 */
export async function requireRbacUpgrade(request: UpgradeRequest, requirement: RbacRequirement): Promise<void> {
  const asked = requirement as Requirement
  const path = pathOfUpgrade(request)
  const rbac = await reportedUpgradeCaller(request, () => ({ path, requirement: describeRequirement(asked) }))
  const unmet = unmetPart(asked, decisionCaller(rbac))
  if (unmet !== undefined) {
    reportDecision(undefined, 'deny', () => ({ status: unmet === 'via' ? 401 : 403, guard: 'websocket', path, requirement: describeRequirement(asked), unmet, ...whoCalled(rbac) }))
  }
  else {
    reportDecision(undefined, 'allow', () => ({ status: 200, guard: 'websocket', path, requirement: describeRequirement(asked), ...whoCalled(rbac) }))
  }
  if (unmet === 'via') {
    throw upgradeDenial(401, `accepts only ${describeVia(requirement as Requirement)}`)
  }
  if (unmet !== undefined) {
    throw upgradeDenial(403, `requires ${describeRequirement(requirement as Requirement)} (${unmet} not met)`)
  }
  if (request.context) {
    request.context.rbac = rbac
  }
}
