import type { ObjectDirective } from 'vue'
import { createHidingDirective } from './hide'

/** The global property compiled `v-role` calls: `(roles, all) => boolean` (set by the role plugin). */
export const ROLE_HELPER = '$rbacHasRole'

/** `v-role` outside the module's compiler (see createHidingDirective): hides a denied element. */
export function createRoleDirective(holds: (role: unknown, all: boolean) => boolean, development: boolean): ObjectDirective<HTMLElement, unknown, 'all' | 'not'> {
  return createHidingDirective<'all' | 'not'>('role', (binding) => {
    const held = holds(binding.value, binding.modifiers.all === true)
    return binding.modifiers.not ? !held : held
  }, '<Can role="…"> or v-if="hasRole(…)" (useRbac)', development)
}
