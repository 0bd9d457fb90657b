import { userKeys } from '../../shared/freshness/store-keys'
import { PREFIX } from '../../shared/names'
import { useRbacServerConfig } from '../config'
import type { FreshnessSettings } from '../config'
import { markRolesChanged, revokeUserSessions } from '../freshness/fresh-roles'
import type { RbacRolesResolver } from '../freshness/roles-resolver'

export type { RbacRolesQuery, RbacRolesResolver } from '../freshness/roles-resolver'

/**
 * Where roles come from on the server, for `server/rbac-roles.ts`. With it, no decision uses
 * roles older than `rbac.freshness.maxAge` (300 s by default): older ones are asked again.
 * Return the user's role(s), or null when the user is gone (401 on the server, signed out in the app).
 * @example export default defineRbacRoles(async ({ uid }) => (await db.user.find(uid))?.roles ?? null)
 */
export function defineRbacRoles(resolver: RbacRolesResolver): RbacRolesResolver {
  return resolver
}

/**
 * Ends every session of the user issued before now: the next request with one of them answers
 * 401 (and the app signs out at its next session refresh), on every server sharing the `rbac`
 * storage mount. Sessions signed in afterwards are not affected.
 * @example await revokeSessions(user.id)
 */
export async function revokeSessions(uid: string | number): Promise<void> {
  const { freshness, keys } = target('revokeSessions', uid)
  await revokeUserSessions(keys, freshness)
}

/**
 * Drops the user's roles wherever they are kept (session tokens, the shared cache): the next
 * request asks the roles resolver again, on every server sharing the `rbac` storage mount.
 * Call it after changing a user's roles.
 * @example await db.user.update(id, { role: 'viewer' }); await refreshRoles(id)
 */
export async function refreshRoles(uid: string | number): Promise<void> {
  const { freshness, keys } = target('refreshRoles', uid)
  await markRolesChanged(keys, freshness)
}

function target(name: string, uid: string | number) {
  const { freshness } = useRbacServerConfig()
  if (!freshness) {
    throw new Error(`${PREFIX} ${name}() needs a roles resolver: create server/rbac-roles.ts with export default defineRbacRoles(…).`)
  }
  const keys = (typeof uid === 'string' || (typeof uid === 'number' && Number.isFinite(uid))) ? userKeys(String(uid)) : undefined
  if (!keys) {
    throw new TypeError(`${PREFIX} ${name}() takes a user id (a non-empty string or a number), got ${JSON.stringify(uid)}.`)
  }
  return { freshness: freshness as FreshnessSettings, keys }
}
