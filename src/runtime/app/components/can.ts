import { defineComponent } from 'vue'
import type { PropType, SlotsType } from 'vue'
import { checkAbility } from '../../shared/abilities/ability'
import type { AbilityAction, AbilitySubject } from '../../shared/types'
import { useRbacInjection } from '../injection'

type Subject = PropType<AbilitySubject | null | undefined>

/**
 * `<Can I="update" :this="post">…</Can>`, with @casl/vue's props (`I`/`do`, `a`/`an`/`this`/`on`,
 * `field`, `not`, `passThrough`) and the module's one meaning: a missing subject is denied, where
 * @casl/vue's own component would check it against `all` and let a `manage all` role through.
 */
export default defineComponent({
  name: 'Can',
  props: {
    I: String as PropType<AbilityAction>,
    do: String as PropType<AbilityAction>,
    a: [String, Object] as Subject,
    an: [String, Object] as Subject,
    this: [String, Object] as Subject,
    on: [String, Object] as Subject,
    field: String,
    not: Boolean,
    passThrough: Boolean,
  },
  slots: Object as SlotsType<{ default?: (scope: { allowed: boolean }) => unknown }>,
  setup(props, { slots }) {
    const { ability } = useRbacInjection()
    return () => {
      const action = props.I ?? props.do
      const subject = props.a ?? props.an ?? props.this ?? props.on
      const can = typeof action === 'string' && checkAbility(ability, action, subject, props.field)
      const allowed = props.not ? !can : can
      if (props.passThrough) {
        return slots.default?.({ allowed })
      }
      return allowed ? slots.default?.({ allowed }) : null
    }
  },
})
