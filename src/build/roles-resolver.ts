import { existsSync } from 'node:fs'
import { resolvePath } from '@nuxt/kit'
import { PREFIX } from '../runtime/shared/names'

export const DEFAULT_ROLES_RESOLVER = '~~/server/rbac-roles'

/** `rbac.freshness`, as written in nuxt.config. */
export interface FreshnessOptions {
  /**
   * Roles are never used longer than this after they were resolved (seconds): older ones are
   * asked again from the roles resolver, and cached for every server for this long.
   * @default 300
   */
  maxAge?: number
  /**
   * How long a session can live (seconds), i.e. NuxtAuthHandler's `session.maxAge`: a revocation
   * is remembered this long. A longer-lived session is refused.
   * @default 2592000 (30 days, next-auth's default)
   */
  sessionMaxAge?: number
  /**
   * How long the store or the resolver may take (milliseconds) before a guarded request answers 503.
   * @default 2000
   */
  timeout?: number
  /**
   * The server file that default-exports `defineRbacRoles(…)`.
   * @default '~~/server/rbac-roles'
   */
  resolver?: string
}

export const FRESHNESS_DEFAULTS = { maxAge: 300, sessionMaxAge: 30 * 24 * 60 * 60, timeout: 2000 }

/**
 * The app's roles resolver, or undefined when there is none (freshness off). A path set
 * explicitly must exist, and freshness settings without a resolver are a mistake said at build.
 */
export async function resolveRolesResolverFile(options: FreshnessOptions | undefined): Promise<string | undefined> {
  const wanted = options?.resolver ?? DEFAULT_ROLES_RESOLVER
  const resolved = await resolvePath(wanted)
  if (existsSync(resolved)) {
    return resolved
  }
  if (options !== undefined) {
    throw new Error(`${PREFIX} rbac.freshness is set, but there is no roles resolver at '${wanted}'. Create it (export default defineRbacRoles(async ({ uid }) => …)) or remove rbac.freshness.`)
  }
  return undefined
}
