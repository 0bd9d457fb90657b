import type { RbacConfig } from '../shared/config'
import { authEndpointPatterns } from '../shared/routes/auth-endpoints'
import { compileRouteRules } from '../shared/routes/route-rules'
import { parsePattern } from '../shared/routes/route-pattern'
import type { RbacRouteRule, RouteRuleMatcher } from '../shared/routes/route-rules'
import { hasRolesResolver } from './freshness/roles-resolver'
import type { LocalSettings } from './identity/local-settings'
import type { DecisionLogSettings } from './decision-log'
import type { ApiKeySettings } from './identity/api-key-settings'
import { useRuntimeConfig } from '#imports'

/** What the server side derives from the runtime config, once per process. */
export interface RbacServerConfig extends RbacConfig {
  /** `rbac.roles` as a set, for exact membership tests. */
  knownRoles: ReadonlySet<string>
  /** The `rbac` route rules, compiled. */
  routeRules: RouteRuleMatcher
  /** nuxt-auth's base path as requested, app.baseURL included, with a trailing slash (`/api/auth/`). */
  authPrefix: string
  /** `app.baseURL` without its trailing slash (`''` for `/`): Nitro mounts every route under it. */
  appBase: string
  /** Set when the app has a roles resolver: roles are re-resolved once older than `maxAge`. */
  freshness: FreshnessSettings | undefined
  /** Set for an app on nuxt-auth's `local` provider: the JWT source replaces next-auth's cookie. */
  local: LocalSettings | undefined
  /** `rbac.bearer`: next-auth's session token is also read from `Authorization: Bearer` (authjs apps). */
  bearer: boolean
  /** `rbac.apiKeys`: API keys are read from their header (needs a roles resolver, so freshness is set). */
  apiKeys: ApiKeySettings | undefined
  /** `rbac.decisionLog`: where decisions are reported besides the `rbac:decision` hook. */
  decisionLog: DecisionLogSettings
  /** The request headers a caller is read from: what a guarded response varies on. */
  varyOn: readonly string[]
}

/** `rbac.freshness` as the server uses it (all times in seconds, the timeout in milliseconds). */
export interface FreshnessSettings {
  maxAge: number
  sessionMaxAge: number
  timeout: number
  /** Where the default store keeps its markers across restarts (`.data/rbac`); empty: in memory. */
  persist?: string
}

let prepared: RbacServerConfig | undefined

/**
 * The module's configuration, prepared on first use and kept for the life of the process.
 * `useRuntimeConfig()` without an event is Nitro's start-time copy (environment applied);
 * with an event it would clone the whole config on every request.
 */
export function useRbacServerConfig(): RbacServerConfig {
  if (!prepared) {
    const runtimeConfig = useRuntimeConfig()
    const config = runtimeConfig.public.rbac as unknown as RbacConfig
    const server = runtimeConfig.rbac as { routeRules?: RbacRouteRule[], authBasePath?: string, freshness?: FreshnessSettings, local?: LocalSettings, bearer?: boolean, apiKeys?: ApiKeySettings, decisionLog?: Partial<DecisionLogSettings> } | undefined
    const authBase = server?.authBasePath ?? '/api/auth'
    // The request URL carries app.baseURL; the rules, written without it, are matched with it.
    const appBase = (runtimeConfig.app?.baseURL ?? '/').replace(/\/+$/, '')
    const baseSegments = parsePattern(appBase)
    const rules = (server?.routeRules ?? []).map(rule => ({ ...rule, segments: [...baseSegments, ...rule.segments] }))
    prepared = {
      ...config,
      appBase,
      authPrefix: `${appBase}${authBase.replace(/\/+$/, '')}/`,
      knownRoles: new Set(config.roles),
      routeRules: compileRouteRules(rules, authEndpointPatterns(authBase).map(pattern => [...baseSegments, ...pattern])),
      freshness: server?.freshness && hasRolesResolver() ? withKeyLifetime(server.freshness, server.apiKeys) : undefined,
      local: server?.local ? JSON.parse(JSON.stringify(server.local)) as LocalSettings : undefined,
      bearer: server?.bearer === true,
      apiKeys: server?.apiKeys ? { ...server.apiKeys } : undefined,
      decisionLog: { log: server?.decisionLog?.log === true, allows: server?.decisionLog?.allows ?? 0, query: server?.decisionLog?.query === true },
      varyOn: varyOn(server?.local?.headerName, server?.bearer === true, server?.apiKeys?.header),
    }
  }
  return prepared
}

/**
 * A revocation (revokeSessions) is remembered as long as what it revokes can live: sessions, and
 * with API keys the longest a key may live, so that no key outlives the memory of its revocation.
 */
function withKeyLifetime(freshness: FreshnessSettings, apiKeys: ApiKeySettings | undefined): FreshnessSettings {
  return { ...freshness, sessionMaxAge: Math.max(freshness.sessionMaxAge, apiKeys?.maxExpiresIn ?? 0) }
}

/** Cookie, and every header some source reads a credential from (spelled as HTTP spells it). */
function varyOn(localHeader: string | undefined, bearer: boolean, keyHeader: string | undefined): string[] {
  const headers = [localHeader, bearer ? 'authorization' : undefined, keyHeader].filter((name): name is string => name !== undefined)
  return ['Cookie', ...new Set(headers.map(name => name === 'authorization' ? 'Authorization' : name))]
}
