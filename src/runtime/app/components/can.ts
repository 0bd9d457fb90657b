import { defineComponent } from 'vue'
import type { PropType, SlotsType } from 'vue'
import { satisfies } from '../../shared/decision/requirement'
import type { Requirement } from '../../shared/decision/requirement'
import type { AbilityAction, AbilitySubject, Role } from '../../shared/types'
import { useRbacInjection } from '../injection'

type Subject = PropType<AbilitySubject | null | undefined>

/**
 * `<Can I="update" :this="post">…</Can>`, with @casl/vue's props (`I`/`do`, `a`/`an`/`this`/`on`,
 * `field`, `not`, `passThrough`) and the module's one meaning: a missing subject is denied, where
 * @casl/vue's own component would check it against `all` and let a `manage all` role through.
 *
 * `<Can role="admin">`, `<Can :role="['admin', 'editor']">` (any of them) and
 * `<Can :role="['editor', 'billing']" all>` check roles, inheritance included, like
 * `definePageMeta({ role })`. Given roles and an ability, both must hold; given neither, it denies.
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
    role: [String, Array] as PropType<Role | readonly Role[]>,
    all: Boolean,
    not: Boolean,
    passThrough: Boolean,
  },
  slots: Object as SlotsType<{ default?: (scope: { allowed: boolean }) => unknown }>,
  setup(props, { slots }) {
    const { ability, session } = useRbacInjection()
    return () => {
      const action = props.I ?? props.do
      const subject = props.a ?? props.an ?? props.this ?? props.on
      const asksAbility = action !== undefined || subject !== undefined || props.field !== undefined
      const requirement: Requirement = {
        role: props.role,
        all: props.all,
        // A subject or field without an action is a check that cannot pass (the decision denies it).
        can: asksAbility ? [action as string, subject, props.field] : undefined,
      }
      const met = satisfies(requirement, { effectiveRoles: session.value.effectiveRoles, ability: () => ability })
      const allowed = props.not ? !met : met
      if (props.passThrough) {
        return slots.default?.({ allowed })
      }
      return allowed ? slots.default?.({ allowed }) : null
    }
  },
})
