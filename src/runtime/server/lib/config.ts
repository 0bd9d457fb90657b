import type { H3Event } from 'h3'
import type { RbacConfig } from '../../shared/config'
import { canonicalPath } from '../../shared/path'
import type { RbacRouteRule } from '../../shared/route-rules'
import { useRuntimeConfig } from '#imports'

/** The role configuration the module put into runtime config at build time. */
export function useRbacConfig(event?: H3Event): RbacConfig {
  return useRuntimeConfig(event).public.rbac as unknown as RbacConfig
}

/** The `routeRules` entries that carry `rbac`, extracted and validated at build time. */
export function useRbacRouteRules(event: H3Event): readonly RbacRouteRule[] {
  const rbac = useRuntimeConfig(event).rbac as { routeRules?: RbacRouteRule[] } | undefined
  return rbac?.routeRules ?? []
}

/**
 * Whether a canonical path is one of nuxt-auth's own endpoints (`/api/auth/**`). A broad rule
 * such as `/api/**` must not lock everyone out of signing in.
 */
export function isAuthEndpoint(path: string, event: H3Event): boolean {
  const baseURL = (useRuntimeConfig(event).public.auth as { baseURL?: string } | undefined)?.baseURL ?? '/api/auth'
  const authPath = canonicalPath(baseURL.replace(/^https?:\/\/[^/]+/, ''))
  return authPath !== undefined && authPath !== '/' && (path === authPath || path.startsWith(`${authPath}/`))
}
