import definition from '#rbac-definitions'
import { AbilityRulesCache } from '../../shared/ability-rules'
import { isAbilityDefinition } from '../../shared/abilities'
import type { RbacAbility } from '../../shared/abilities'
import { buildAbility } from '../../shared/ability'

if (!isAbilityDefinition(definition)) {
  throw new TypeError('[nuxt-auth-rbac] The abilities file must `export default defineAbilities(…)`.')
}

// Frozen rules per role set (and user, for definitions that read it); no request data.
const rulesCache = new AbilityRulesCache(definition)

/** A new ability for one request, from cached rules. */
export function abilityFor(effectiveRoles: readonly string[], uid: string | undefined): RbacAbility {
  return buildAbility(rulesCache.rulesFor(effectiveRoles, uid)) as unknown as RbacAbility
}
