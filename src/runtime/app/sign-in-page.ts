import { sameOriginPath } from '../shared/redirect'
import { authBasePath } from '../shared/routes/auth-endpoints'

/** What the page guard reads of nuxt-auth's public settings (`runtimeConfig.public.auth`). */
export interface AuthPublicSettings {
  baseURL?: string
  provider?: { type?: string, pages?: { login?: unknown } }
  globalAppMiddleware?: boolean | { addDefaultCallbackUrl?: boolean | string }
}

/** Where a signed-out visitor of a guarded page is sent when `rbac.redirect.signIn` is unset. */
export type SignInPage
  = | { external: true, url: string }
    | { external: false, path: string, query: Record<string, string> }

/**
 * nuxt-auth's own sign-in for its provider, with the way back to `returnTo` (a same-origin path).
 *
 * - authjs: next-auth's page, `<baseURL>/signin?callbackUrl=…`, a full page load.
 * - local (and refresh): the app's `provider.pages.login` with the way back in `?redirect=`, where
 *   nuxt-auth's middleware puts it and its `signIn()` looks for it; a client-side navigation unless
 *   the page is on another site. `globalAppMiddleware.addDefaultCallbackUrl` is honoured as there:
 *   `false` adds no way back, a string is the way back for every page.
 *
 * Undefined when the provider names no login page (`pages.login` not a string): the guard then
 * denies with 401 rather than let the visitor through.
 */
export function providerSignInPage(auth: AuthPublicSettings | undefined, returnTo: string): SignInPage | undefined {
  if (auth?.provider?.type !== 'local') {
    const authBase = authBasePath(auth?.baseURL)
    return { external: true, url: `${authBase.replace(/\/$/, '')}/signin?callbackUrl=${encodeURIComponent(returnTo)}` }
  }
  const login = auth.provider.pages?.login
  if (typeof login !== 'string' || login === '') {
    return undefined
  }
  const wayBack = localWayBack(auth.globalAppMiddleware, returnTo)
  if (/^https?:\/\//i.test(login)) {
    const url = wayBack === undefined ? login : `${login}${login.includes('?') ? '&' : '?'}redirect=${encodeURIComponent(wayBack)}`
    return { external: true, url }
  }
  return { external: false, path: login, query: wayBack === undefined ? {} : { redirect: wayBack } }
}

function localWayBack(globalAppMiddleware: AuthPublicSettings['globalAppMiddleware'], returnTo: string): string | undefined {
  const setting = typeof globalAppMiddleware === 'object' && globalAppMiddleware !== null ? globalAppMiddleware.addDefaultCallbackUrl : undefined
  if (setting === false) {
    return undefined
  }
  // A fixed way back from the config is still never another site.
  return typeof setting === 'string' ? sameOriginPath(setting) : returnTo
}
