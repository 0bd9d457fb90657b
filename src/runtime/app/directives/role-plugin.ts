import { useRbac } from '../composables/useRbac'
import type { Role } from '../../shared/types'
import { ROLE_HELPER } from '../../shared/names'
import { createRoleDirective } from './role'
import { defineNuxtPlugin } from '#imports'

/**
 * What compiled `v-role` calls, and `v-role` itself where templates are not compiled by the
 * module. Both ask `useRbac().hasRole`: the session's effective roles (inheritance included, only
 * configured roles), so they follow sign-in, sign-out and session refresh.
 */
export default defineNuxtPlugin({
  name: 'nuxt-auth-rbac:roles',
  enforce: 'post',
  dependsOn: ['nuxt-auth-rbac'],
  setup(nuxtApp) {
    const { hasRole } = useRbac()
    const holds = (role: unknown, all: boolean) => hasRole(role as Role | readonly Role[], { all })
    nuxtApp.vueApp.config.globalProperties[ROLE_HELPER] = holds
    nuxtApp.vueApp.directive('role', createRoleDirective(holds, import.meta.dev))
  },
})
