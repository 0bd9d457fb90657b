import { checkAbility } from '../../shared/ability'
import type { AnyRbacAbility } from '../../shared/abilities'
import { satisfiesRoles } from '../../shared/config'
import type { RbacConfig } from '../../shared/config'
import { collectPageRequirements } from '../../shared/page-guard'
import type { PageRequirement } from '../../shared/page-guard'
import { sameOriginPath } from '../../shared/redirect'
import type { SessionRoles } from '../../shared/session-data'
import { abortNavigation, createError, defineNuxtRouteMiddleware, navigateTo, useAuth, useNuxtApp, useRuntimeConfig } from '#imports'

function passes(requirement: PageRequirement, session: SessionRoles, ability: AnyRbacAbility): boolean {
  if (requirement.role !== undefined && !satisfiesRoles(session.effectiveRoles, { role: requirement.role })) {
    return false
  }
  if (requirement.can !== undefined) {
    const [action, subject, field] = Array.isArray(requirement.can) ? requirement.can : []
    return typeof action === 'string' && checkAbility(ability, action, subject, field)
  }
  return true
}

/**
 * Guards pages with `definePageMeta({ role })` / `definePageMeta({ can })`, on the server during
 * SSR and in the browser on client-side navigation. Registered as a global middleware, it runs
 * before nuxt-auth's own, so it sends signed-out users to sign-in itself.
 */
export default defineNuxtRouteMiddleware((to) => {
  const requirements = collectPageRequirements(to.matched)
  if (requirements.length === 0) {
    return
  }
  const { ability, session } = useNuxtApp().$rbac as { ability: AnyRbacAbility, session: { value: SessionRoles } }
  const { data } = useAuth()
  const publicConfig = useRuntimeConfig().public
  const { redirect } = publicConfig.rbac as unknown as RbacConfig

  if (!data.value) {
    const callbackUrl = sameOriginPath(to.fullPath)
    if (redirect.signIn) {
      return navigateTo({ path: redirect.signIn, query: { callbackUrl } })
    }
    const authBase = (publicConfig.auth as { baseURL?: string } | undefined)?.baseURL ?? '/api/auth'
    return navigateTo(`${authBase.replace(/\/$/, '')}/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`, { external: true })
  }

  if (requirements.every(requirement => passes(requirement, session.value, ability))) {
    return
  }
  if (redirect.forbidden) {
    return navigateTo({ path: redirect.forbidden, query: { from: sameOriginPath(to.fullPath) } })
  }
  return abortNavigation(createError({ statusCode: 403, statusMessage: 'Forbidden', fatal: true }))
})
