import type { H3Event } from 'h3'
import resolver from '#rbac-roles'
import { readResolvedRoles } from '../../shared/freshness/resolved-roles'
import type { ResolvedRoles } from '../../shared/freshness/resolved-roles'
import { withDeadline } from '../../shared/freshness/deadline'
import type { RbacSessionToken } from '../../shared/types'
import { RbacDependencyError } from '../faults'

/** What the app's resolver is given. */
export interface RbacRolesQuery {
  /** The user id from the session (`uid`, `id` or `sub` of an authjs token; `uidClaim` of a local one). */
  uid: string
  /** The verified claims of the session (server only). */
  claims: Record<string, unknown>
  /** The same claims: the decoded next-auth token of an authjs app. */
  token: RbacSessionToken
  /** The request that needs the roles; absent when next-auth refreshes the session itself. */
  event?: H3Event
}

/**
 * Where roles come from on the server: the user's current role(s), or null when the user no
 * longer exists or may not use the app (401, signed out). Unknown roles are dropped.
 */
export type RbacRolesResolver = (query: RbacRolesQuery) => string | readonly string[] | null | Promise<string | readonly string[] | null>

/** Whether the app defines a roles resolver (server/rbac-roles.ts): freshness is on. */
export function hasRolesResolver(): boolean {
  return typeof resolver === 'function'
}

/**
 * Asks the app's resolver, within `timeoutMs`. A resolver that throws, hangs or returns
 * something that is not roles is a fault (RbacDependencyError), never "no roles" and never a pass.
 */
export async function resolveRoles(query: RbacRolesQuery, knownRoles: ReadonlySet<string>, timeoutMs: number): Promise<ResolvedRoles> {
  const resolve = resolver as RbacRolesResolver | null
  if (!resolve) {
    throw new RbacDependencyError('resolver', 'is not defined (server/rbac-roles.ts)')
  }
  let value: unknown
  try {
    value = await withDeadline(resolve(query), timeoutMs, () => new RbacDependencyError('resolver', `did not answer within ${timeoutMs} ms`))
  }
  catch (error) {
    throw error instanceof RbacDependencyError ? error : new RbacDependencyError('resolver', 'threw', { cause: error })
  }
  try {
    return readResolvedRoles(value, knownRoles)
  }
  catch (error) {
    throw new RbacDependencyError('resolver', 'returned no roles', { cause: error })
  }
}
