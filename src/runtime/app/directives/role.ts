import type { ObjectDirective } from 'vue'
import { createHidingDirective } from './hide'

/** `v-role` outside the module's compiler (see createHidingDirective): hides a denied element. */
export function createRoleDirective(holds: (role: unknown, all: boolean) => boolean, development: boolean): ObjectDirective<HTMLElement, unknown, 'all' | 'not'> {
  return createHidingDirective<'all' | 'not'>('role', (binding) => {
    const held = holds(binding.value, binding.modifiers.all === true)
    return binding.modifiers.not ? !held : held
  }, '<Can role="…"> or v-if="hasRole(…)" (useRbac)', development)
}
