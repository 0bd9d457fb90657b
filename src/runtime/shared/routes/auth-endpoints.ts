import { parsePattern, REST } from './route-pattern'
import type { PatternSegment } from './route-pattern'

/** The actions next-auth 4 answers under its base path: `<base>/<action>/<provider?>`. */
const NEXT_AUTH_ACTIONS = ['session', 'csrf', 'providers', 'signin', 'signout', 'callback', 'verify-request', 'error', '_log'] as const

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
  return NEXT_AUTH_ACTIONS.map(action => [...base, action, REST])
}
