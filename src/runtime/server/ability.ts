import definition from '#rbac-definitions'
import { createRulesCache } from '../shared/abilities/rules-cache'
import type { RbacAbility, RbacRawRule } from '../shared/abilities/define-abilities'
import { buildAbility } from '../shared/abilities/ability'

// Frozen rules per role set (and user, for definitions that read it); no request data.
const rulesCache = createRulesCache(definition)

/** A new ability for one request, from cached rules. */
export function abilityFor(effectiveRoles: readonly string[], uid: string | undefined): RbacAbility {
  return buildAbility(rulesCache.rulesFor(effectiveRoles, uid)) as unknown as RbacAbility
}

/** The frozen rules a caller's ability is built from: what list filtering translates. */
export function rulesOf(effectiveRoles: readonly string[], uid: string | undefined): readonly RbacRawRule[] {
  return rulesCache.rulesFor(effectiveRoles, uid)
}

/** A visitor's rules, or null when the definition does not grant visitors anything (`{ guests: true }` unset). */
export function guestRules(): readonly RbacRawRule[] | null {
  return definition.guests === true ? rulesCache.rulesFor([], undefined, true) : null
}
