import { collectPageRequirements } from '../../shared/decision/page-requirements'
import { describeRequirement, satisfies } from '../../shared/decision/requirement'
import { sameOriginPath } from '../../shared/redirect'
import { useRbacConfig, useRbacInjection } from '../injection'
import { providerSignInPage } from '../sign-in-page'
import type { AuthPublicSettings } from '../sign-in-page'
import { appendResponseHeader, setResponseHeader } from 'h3'
import type { H3Event } from 'h3'
import type { NuxtApp } from '#app'
import { abortNavigation, createError, defineNuxtRouteMiddleware, navigateTo, useAuth, useNuxtApp, useRequestEvent, useRuntimeConfig } from '#imports'

/**
 * Guards pages with `definePageMeta({ rbac })` (or the short forms `role` / `can`), on the server during
 * SSR and in the browser on client-side navigation. Registered as a global middleware, it runs
 * before nuxt-auth's own, so it sends signed-out users to sign-in itself: `rbac.redirect.signIn`, or
 * else nuxt-auth's sign-in for its provider (next-auth's page, or the local provider's login page).
 */
export default defineNuxtRouteMiddleware((to) => {
  const requirements = collectPageRequirements(to.matched)
  if (requirements.length === 0) {
    return
  }
  if (import.meta.server) {
    keepPrivate(useRequestEvent())
  }
  const nuxtApp = useNuxtApp()
  if (showsErrorPage(nuxtApp)) {
    // The page is not rendered, its error page is: end the chain, the error stands (Nuxt keeps the
    // error it shows). Letting the next middleware run would let nuxt-auth's, which has no session
    // there, answer a sign-in redirect in place of the 403.
    return abortNavigation()
  }
  const { ability, session } = useRbacInjection(nuxtApp)
  const { data } = useAuth()
  const publicConfig = useRuntimeConfig().public
  const { redirect } = useRbacConfig()

  if (!data.value) {
    reportDenial(to.fullPath, 401, 'signed out: sent to sign-in')
    const callbackUrl = sameOriginPath(to.fullPath)
    if (redirect.signIn) {
      return navigateTo({ path: redirect.signIn, query: { callbackUrl } })
    }
    const signInPage = providerSignInPage(publicConfig.auth as AuthPublicSettings | undefined, callbackUrl)
    if (!signInPage) {
      // No page to send the visitor to: deny, never let them through.
      return abortNavigation(createError({ statusCode: 401, statusMessage: 'Unauthorized', fatal: import.meta.client }))
    }
    return signInPage.external
      ? navigateTo(signInPage.url, { external: true })
      : navigateTo({ path: signInPage.path, query: signInPage.query })
  }

  const caller = { effectiveRoles: session.value.effectiveRoles, ability: () => ability }
  const failed = requirements.find(requirement => !satisfies(requirement, caller))
  if (!failed) {
    return
  }
  const reason = `page requires ${describeRequirement(failed)}`
  reportDenial(to.fullPath, 403, reason)
  if (redirect.forbidden) {
    return navigateTo({ path: redirect.forbidden, query: { from: sameOriginPath(to.fullPath) } })
  }
  // Fatal only in the browser, where Nuxt shows the error page only for fatal errors. On the
  // server every middleware error renders the error page, and a fatal one would also be logged
  // with its stack by Nitro on every denied page view: a denial is not a server fault.
  return abortNavigation(createError({ statusCode: 403, statusMessage: 'Forbidden', fatal: import.meta.client, data: import.meta.dev ? { reason } : undefined }))
})

/**
 * Whether this navigation only shows the error page of its route (a denial, or any error the page
 * threw). On the server, Nitro renders that page in a second, internal render of the same route and
 * Nuxt runs the global middleware again for it; nuxt-auth does not load the session there when its
 * global middleware is on (`true`, or `allow404WithoutAuth`, its default in the object form), so its
 * middleware takes a signed-in user for a stranger. In the browser, hydrating that page runs the
 * middleware once more: the server has decided, and denying again would throw during the app's
 * start ("error caught during app initialization" in the console of every 403 page).
 */
function showsErrorPage(nuxtApp: NuxtApp): boolean {
  if (import.meta.server) {
    // Set by Nitro's internal error render only.
    return nuxtApp.ssrContext?.error === true
  }
  return nuxtApp.isHydrating === true && Boolean(nuxtApp.payload.error)
}

/**
 * A guarded page depends on who asked: no shared cache or CDN may keep it, nor its 302 or 403 (the
 * server twin of what the route-rule middleware does for guarded API paths).
 */
function keepPrivate(event: H3Event | undefined): void {
  if (event && !event.node.res.headersSent) {
    setResponseHeader(event, 'cache-control', 'private, no-store')
    appendResponseHeader(event, 'vary', 'Cookie')
  }
}

/**
 * Development only: tells the DevTools tab about a denied navigation, in the browser and during
 * SSR (a redirect is not an error the server would see). Compiled out of production builds.
 */
function reportDenial(path: string, status: 401 | 403, reason: string): void {
  if (import.meta.dev) {
    const report = { path, status, reason }
    if (import.meta.server) {
      // Recorded by the server for the request being rendered (src/runtime/server/devtools/record-denials.ts).
      (useRequestEvent()?.context.rbacDevtoolsReport as ((body: typeof report) => void) | undefined)?.(report)
      return
    }
    // JSON from this origin: what the report endpoint accepts.
    $fetch('/__rbac_devtools/report', { method: 'POST', body: report }).catch(() => {})
  }
}
