import { ONE, parsePattern } from './route-pattern'
import type { PatternSegment } from './route-pattern'

/**
 * The endpoints next-auth 4 answers under its base path: `<base>/<action>`, and
 * `<base>/signin/<provider>`, `<base>/callback/<provider>`. Exact: an app's own route deeper under
 * them (`<base>/session/all`) is not nuxt-auth's and gets no exemption.
 */
const NEXT_AUTH_ENDPOINTS: ReadonlyArray<readonly PatternSegment[]> = [
  ['session'], ['csrf'], ['providers'], ['signin'], ['signin', ONE], ['signout'], ['callback', ONE], ['verify-request'], ['error'], ['_log'],
]

/** The path of nuxt-auth's `baseURL`, which may be a full URL (`https://host/api/auth`). */
export function authBasePath(baseURL: string | undefined): string {
  const path = (baseURL ?? '/api/auth').replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]+/i, '')
  return path === '' ? '/' : path
}

/**
 * Patterns of nuxt-auth's own endpoints, one per next-auth action. Only these are exempt from a
 * broad rule such as `/api/**`; an app's own route under the auth base path is not.
 */
export function authEndpointPatterns(basePath: string): PatternSegment[][] {
  const base = parsePattern(basePath)
  return NEXT_AUTH_ENDPOINTS.map(endpoint => [...base, ...endpoint])
}

/**
 * A path of the app as its own routes see it: without `app.baseURL` (`/app/api/auth` → `/api/auth`
 * under base `/app/`). Route rules and Nitro's routes are written without the base.
 */
export function withoutAppBase(path: string, appBase: string | undefined): string {
  const base = (appBase ?? '/').replace(/\/+$/, '')
  if (base === '' || !(path === base || path.startsWith(`${base}/`))) {
    return path
  }
  return path.slice(base.length) || '/'
}
