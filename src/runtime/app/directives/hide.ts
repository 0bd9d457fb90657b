import type { DirectiveBinding, ObjectDirective } from 'vue'
import { PREFIX } from '../../shared/names'

/**
 * A template condition (`v-can`, `v-role`) where the module's compile-time transform does not
 * run: render functions, JSX/TSX and templates compiled at run time (`vue.runtimeCompiler`).
 * There it can only hide the element (`display: none`, server-rendered too): its content still
 * reaches the page. It says so once in development, with what to use there instead.
 */
export function createHidingDirective<Modifiers extends string>(
  name: string,
  allows: (binding: DirectiveBinding<unknown, Modifiers>) => boolean,
  instead: string,
  development: boolean,
): ObjectDirective<HTMLElement, unknown, Modifiers> {
  let warned = false
  const denied = (binding: DirectiveBinding<unknown, Modifiers>): boolean => {
    if (development && !warned) {
      warned = true
      console.warn(`${PREFIX} v-${name} ran as a runtime directive (render function, JSX or a runtime-compiled template): a denied element is hidden, not removed, and its content is in the page. Use ${instead} there.`)
    }
    return !allows(binding)
  }
  const apply = (element: HTMLElement, binding: DirectiveBinding<unknown, Modifiers>) => {
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
