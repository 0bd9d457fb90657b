import { computed } from 'vue'
import type { ComputedRef } from 'vue'
import { checkAbility } from '../../shared/abilities/ability'
import type { AnyRbacAbility, RbacAbility } from '../../shared/abilities/define-abilities'
import { satisfiesRoles } from '../../shared/decision/requirement'
import type { AbilityAction, AbilitySubject, Role } from '../../shared/types'
import { useRbacInjection } from '../injection'

export interface UseRbac {
  /** The roles assigned to the signed-in user (only configured ones); empty when signed out. */
  roles: ComputedRef<Role[]>
  /** The assigned roles plus everything they inherit. */
  effectiveRoles: ComputedRef<Role[]>
  /** Whether the user holds the role (any of the roles, or all with `{ all: true }`), inheritance included. */
  hasRole: (role: Role | readonly Role[], options?: { all?: boolean }) => boolean
  /** Whether the ability allows it; a missing subject is denied. */
  can: (action: AbilityAction, subject: AbilitySubject | null | undefined, field?: string) => boolean
  cannot: (action: AbilityAction, subject: AbilitySubject | null | undefined, field?: string) => boolean
  /** The app's one CASL ability, the same one `useAbility()`, `$can` and `<Can>` use. */
  ability: RbacAbility
}

/**
 * Roles and abilities of the signed-in user, reactive to sign-in, sign-out and session refresh.
 * UX only: the server decides (requireRole / requireAbility).
 * @example const { hasRole, can } = useRbac()
 */
export function useRbac(): UseRbac {
  const { ability: anyAbility, session } = useRbacInjection()
  const ability = anyAbility as unknown as RbacAbility
  const can: UseRbac['can'] = (action, subject, field) => checkAbility(ability as unknown as AnyRbacAbility, action, subject, field)
  return {
    roles: computed(() => session.value.roles as Role[]),
    effectiveRoles: computed(() => session.value.effectiveRoles as Role[]),
    hasRole: (role, options = {}) => satisfiesRoles(session.value.effectiveRoles, role, options.all),
    can,
    cannot: (action, subject, field) => !can(action, subject, field),
    ability,
  }
}
