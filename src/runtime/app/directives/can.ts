import type { ObjectDirective } from 'vue'
import { createHidingDirective } from './hide'

/** `v-can` outside the module's compiler (see createHidingDirective): hides a denied element. */
export function createCanDirective(allows: (check: unknown) => boolean, development: boolean): ObjectDirective<HTMLElement, unknown, 'not'> {
  return createHidingDirective<'not'>('can', (binding) => {
    const allowed = allows(binding.value)
    return binding.modifiers.not ? !allowed : allowed
  }, '<Can> or v-if="$can(…)"', development)
}
