import type { H3Event } from 'h3'
import { satisfiesRoles } from '../../shared/config'
import { resolveRbacContext } from '../lib/context'
import type { RbacContext } from '../lib/context'
import type { Role } from '../../shared/types'
import { forbidden, unauthorized } from '../lib/errors'
import { markPrivate } from '../lib/cache-headers'

export type { RbacContext } from '../lib/context'

export interface RequireRoleOptions {
  /** Require every listed role instead of any one of them. @default false */
  all?: boolean
}

/**
 * The caller's roles and token, or null without a valid session. Decoded once per request:
 * later calls in the same request reuse the result kept on `event.context`. The response now
 * depends on who asked, so it is marked private (`Cache-Control: private, no-store`, `Vary:
 * Cookie`) unless the app set its own `Cache-Control`.
 * @example const rbac = await getRbac(event)
 */
export function getRbac(event: H3Event): Promise<RbacContext | null> {
  if (!event.context.rbac) {
    markPrivate(event)
    event.context.rbac = resolveRbacContext(event)
  }
  return event.context.rbac
}

/**
 * Whether the caller holds the role (any of the roles, or all with `{ all: true }`),
 * inheritance included. False without a session.
 */
export async function hasRole(event: H3Event, role: Role | readonly Role[], options: RequireRoleOptions = {}): Promise<boolean> {
  const rbac = await getRbac(event)
  return rbac !== null && satisfiesRoles(rbac.effectiveRoles, { role, all: options.all })
}

/**
 * Throws 401 without a valid session and 403 without the role; returns what it checked.
 * @example const { uid } = await requireRole(event, ['admin', 'editor'])
 */
export async function requireRole(event: H3Event, role: Role | readonly Role[], options: RequireRoleOptions = {}): Promise<RbacContext> {
  const rbac = await getRbac(event)
  if (!rbac) {
    throw unauthorized('no valid session')
  }
  if (!satisfiesRoles(rbac.effectiveRoles, { role, all: options.all })) {
    throw forbidden(`requires ${options.all ? 'all of' : 'one of'}: ${[role].flat().join(', ')}`)
  }
  return rbac
}
