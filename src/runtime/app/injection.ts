import type { ComputedRef } from 'vue'
import type { AnyRbacAbility } from '../shared/abilities/define-abilities'
import type { RbacConfig } from '../shared/config'
import type { SessionRoles } from '../shared/session/session-roles'
import type { NuxtApp } from '#app'
import { useNuxtApp, useRuntimeConfig } from '#imports'

/** What the app plugin provides as `$rbac`: the app instance's one ability and the session's roles. */
export interface RbacInjection {
  ability: AnyRbacAbility
  session: ComputedRef<SessionRoles>
}

/**
 * The plugin's `$rbac`, typed in one place: the module's own sources are compiled without the
 * app's generated plugin types, so this is the one seam where the injection is named.
 */
export function useRbacInjection(nuxtApp: NuxtApp = useNuxtApp()): RbacInjection {
  return (nuxtApp as unknown as { $rbac: RbacInjection }).$rbac
}

/** The role configuration the module put into the public runtime config at build time. */
export function useRbacConfig(): RbacConfig {
  return useRuntimeConfig().public.rbac as unknown as RbacConfig
}
