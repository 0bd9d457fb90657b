import { computed } from 'vue'
import type { ComputedRef } from 'vue'
import { checkAbility } from '../../shared/ability'
import type { RbacAbility } from '../../shared/abilities'
import { satisfiesRoles } from '../../shared/config'
import type { SessionRoles } from '../../shared/session-data'
import { useNuxtApp } from '#imports'

export interface UseRbac {
  /** The roles assigned to the signed-in user (only configured ones); empty when signed out. */
  roles: ComputedRef<string[]>
  /** The assigned roles plus everything they inherit. */
  effectiveRoles: ComputedRef<string[]>
  /** Whether the user holds the role (any of the roles, or all with `{ all: true }`), inheritance included. */
  hasRole: (role: string | readonly string[], options?: { all?: boolean }) => boolean
  /** Whether the ability allows it; a missing subject is denied. */
  can: (action: string, subject: unknown, field?: string) => boolean
  cannot: (action: string, subject: unknown, field?: string) => boolean
  /** The app's one CASL ability, the same one `useAbility()`, `$can` and `<Can>` use. */
  ability: RbacAbility
}

/**
 * Roles and abilities of the signed-in user, reactive to sign-in, sign-out and session refresh.
 * UX only: the server decides (requireRole / requireAbility).
 * @example const { hasRole, can } = useRbac()
 */
export function useRbac(): UseRbac {
  const { ability, session } = useNuxtApp().$rbac as { ability: RbacAbility, session: ComputedRef<SessionRoles> }
  const can = (action: string, subject: unknown, field?: string) => checkAbility(ability, action, subject, field)
  return {
    roles: computed(() => session.value.roles),
    effectiveRoles: computed(() => session.value.effectiveRoles),
    hasRole: (role, options = {}) => satisfiesRoles(session.value.effectiveRoles, { role, all: options.all }),
    can,
    cannot: (action, subject, field) => !can(action, subject, field),
    ability,
  }
}
