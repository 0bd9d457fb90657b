import type { DirectiveBinding, ObjectDirective } from 'vue'
import { PREFIX } from '../../shared/names'

type CanBinding = DirectiveBinding<unknown, 'not'>

/**
 * `v-can` where the module's compile-time transform does not run: render functions, JSX/TSX and
 * templates compiled at run time (`vue.runtimeCompiler`). There it can only hide the element
 * (`display: none`, server-rendered too): its content still reaches the page. It says so once in
 * development, so the app can switch that spot to `<Can>` or `v-if="$can(…)"`.
 */
export function createCanDirective(allows: (check: unknown) => boolean, development: boolean): ObjectDirective<HTMLElement, unknown, 'not'> {
  let warned = false
  const denied = (binding: CanBinding): boolean => {
    if (development && !warned) {
      warned = true
      console.warn(`${PREFIX} v-can ran as a runtime directive (render function, JSX or a runtime-compiled template): a denied element is hidden, not removed, and its content is in the page. Use <Can> or v-if="$can(…)" there.`)
    }
    const allowed = allows(binding.value)
    return binding.modifiers.not ? allowed : !allowed
  }
  const apply = (element: HTMLElement, binding: CanBinding) => {
    if (denied(binding)) {
      element.style.setProperty('display', 'none')
    }
    else if (element.style.display === 'none') {
      element.style.removeProperty('display')
    }
  }
  return {
    beforeMount: apply,
    updated: apply,
    getSSRProps: binding => (denied(binding) ? { style: { display: 'none' } } : {}),
  }
}
