import definition from '#rbac-definitions'
import { createRulesCache } from '../shared/abilities/rules-cache'
import type { RbacAbility } from '../shared/abilities/define-abilities'
import { buildAbility } from '../shared/abilities/ability'

// Frozen rules per role set (and user, for definitions that read it); no request data.
const rulesCache = createRulesCache(definition)

/** A new ability for one request, from cached rules. */
export function abilityFor(effectiveRoles: readonly string[], uid: string | undefined): RbacAbility {
  return buildAbility(rulesCache.rulesFor(effectiveRoles, uid)) as unknown as RbacAbility
}
