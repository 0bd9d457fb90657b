import { computed, watch } from 'vue'
import { abilitiesPlugin } from '@casl/vue'
import definition from '#rbac-definitions'
import { buildAbility, checkAbility } from '../../shared/abilities/ability'
import { createRulesCache } from '../../shared/abilities/rules-cache'
import { rolesFromSession } from '../../shared/session/session-roles'
import { createCanDirective } from '../directives/can'
import { CAN_HELPER } from '../../shared/names'
import { useRbacConfig } from '../injection'
import { defineNuxtPlugin, useAuth } from '#imports'

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
    const config = useRbacConfig()
    const { data } = useAuth()
    const session = computed(() => rolesFromSession(data.value, config))
    const ability = buildAbility([])

    // Signed out is a guest, as on the server: the same rules show in templates as the server grants.
    const signedIn = computed(() => data.value !== null && data.value !== undefined)
    watch([session, signedIn], ([{ effectiveRoles, uid }, isSignedIn]) => {
      ability.update(rulesCache.rulesFor(effectiveRoles, uid, !isSignedIn) as typeof ability.rules)
    }, { immediate: true })

    abilitiesPlugin(nuxtApp.vueApp, ability, { useGlobalProperties: true })
    const properties = nuxtApp.vueApp.config.globalProperties
    // One meaning everywhere: a missing subject denies instead of meaning `all` (CASL's `$can` would).
    properties.$can = (action: string, subject: unknown, field?: string) => checkAbility(ability, action, subject, field)
    // What compiled `v-can` calls.
    const allows = (check: unknown) => Array.isArray(check) && checkAbility(ability, check[0], check[1], check[2])
    properties[CAN_HELPER] = allows
    // Where templates are not compiled by the module (render functions, runtime templates).
    nuxtApp.vueApp.directive('can', createCanDirective(allows, import.meta.dev))

    return { provide: { rbac: { ability, session } } }
  },
})
