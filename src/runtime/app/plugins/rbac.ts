import { computed, watch } from 'vue'
import { abilitiesPlugin } from '@casl/vue'
import definition from '#rbac-definitions'
import { buildAbility, checkAbility } from '../../shared/ability'
import { createRulesCache } from '../../shared/ability-rules'
import type { RbacConfig } from '../../shared/config'
import { rolesFromSession } from '../../shared/session-data'
import { defineNuxtPlugin, useAuth, useRuntimeConfig } from '#imports'

// Frozen rules only; during SSR each request still gets its own ability below.
const rulesCache = createRulesCache(definition)

/**
 * One ability per app instance (per request during SSR, per tab in the browser), kept in step
 * with nuxt-auth's session: sign-in, sign-out and session refresh update it in place, and
 * @casl/vue's reactivity re-renders every `v-can`, `<Can>` and `useRbac().can` that read it.
 */
export default defineNuxtPlugin({
  name: 'nuxt-auth-rbac',
  enforce: 'post',
  setup(nuxtApp) {
    const config = useRuntimeConfig().public.rbac as unknown as RbacConfig
    const { data } = useAuth()
    const session = computed(() => rolesFromSession(data.value, config))
    const ability = buildAbility([])

    watch(session, ({ effectiveRoles, uid }) => {
      ability.update(rulesCache.rulesFor(effectiveRoles, uid) as typeof ability.rules)
    }, { immediate: true })

    abilitiesPlugin(nuxtApp.vueApp, ability, { useGlobalProperties: true })
    // What compiled `v-can` calls: a missing subject denies instead of meaning `all`.
    nuxtApp.vueApp.config.globalProperties.$rbacCan = (check: unknown) =>
      Array.isArray(check) && checkAbility(ability, check[0], check[1], check[2])

    return { provide: { rbac: { ability, session } } }
  },
})
