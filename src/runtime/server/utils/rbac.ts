import type { H3Event } from 'h3'
import { describeRequirement, describeVia, satisfiesRoles, unmetPart } from '../../shared/decision/requirement'
import type { Requirement } from '../../shared/decision/requirement'
import { decisionCaller, resolveCaller } from '../identity/caller'
import { credentialsOfEvent } from '../identity/request-credentials'
import type { RbacContext } from '../identity/caller'
import type { RbacRequirement, Role } from '../../shared/types'
import { refusal, unauthorized } from '../http/errors'
import { refusingRule } from '../../shared/abilities/ability'
import { markPrivate } from '../http/cache-headers'
import { useRbacServerConfig } from '../config'
import { reportDecision, reportingFaults, whoCalled } from '../decision-log'

export type { RbacContext } from '../identity/caller'

export interface RefusalOptions {
  /**
   * Answer 404 instead of 403 to a signed-in caller who is refused, so that a stranger cannot tell
   * a record they may not see from one that does not exist (a missing record, passed as null, is
   * refused the same way). Without a session it is still 401.
   * @default false
   */
  notFound?: boolean
}

export interface RequireRoleOptions {
  /** Require every listed role instead of any one of them. @default false */
  all?: boolean
}

/**
 * The caller's roles and token, or null without a valid session. `via` says how the caller was
 * identified: `'session'`, or `'api-key'` (with `apiKey: { id, name }`) under `rbac.apiKeys`. Decoded once per request:
 * later calls in the same request reuse the result kept on `event.context`. The response now
 * depends on who asked, so it is marked private (`Cache-Control: private, no-store`, `Vary:
 * Cookie` and every header a credential is read from) unless the app set its own `Cache-Control`.
 * @example const rbac = await getRbac(event)
 */
export function getRbac(event: H3Event): Promise<RbacContext | null> {
  if (!event.context.rbac) {
    markPrivate(event, useRbacServerConfig().varyOn)
    // The app's types know an API key's caller only when it turned rbac.apiKeys on.
    event.context.rbac = resolveCaller(credentialsOfEvent(event), event) as Promise<RbacContext | null>
  }
  return event.context.rbac
}

/**
 * Throws 401 without a valid session (or with a credential `via` does not accept) and 403 unless
 * the caller meets the requirement — the same `{ role?, all?, can?, via? }` that route rules take
 * (page meta: without `via`), decided by the same function.
 * @example await requireRbac(event, { role: ['editor', 'billing'], all: true, can: ['read', 'Report'] })
 * @example await requireRbac(event, { role: 'admin', via: ['session'] }) // no API keys here
 */
export async function requireRbac(event: H3Event, requirement: RbacRequirement, options: RefusalOptions = {}): Promise<RbacContext> {
  const asked = requirement as Requirement
  const rbac = await reportingFaults(event, getRbac(event), () => describeRequirement(asked))
  if (!rbac) {
    reportDecision(event, 'deny', () => ({ status: 401, guard: 'util', requirement: describeRequirement(asked), unmet: 'session' }))
    throw unauthorized('no valid session')
  }
  const unmet = unmetPart(asked, decisionCaller(rbac))
  if (unmet !== undefined) {
    reportDecision(event, 'deny', () => ({ status: unmet === 'via' ? 401 : options.notFound ? 404 : 403, guard: 'util', requirement: describeRequirement(asked), unmet, ...whoCalled(rbac) }))
  }
  if (unmet === 'via') {
    throw unauthorized(`accepts only ${describeVia(asked)}, not ${rbac.via}`)
  }
  if (unmet !== undefined) {
    const why = unmet === 'can' ? refusingRule(rbac.ability, asked.can!) : undefined
    throw refusal(options.notFound ? 404 : 403, why?.reason ?? `requires ${describeRequirement(asked)} (${unmet} not met)`, why?.expose)
  }
  reportDecision(event, 'allow', () => ({ status: 200, guard: 'util', requirement: describeRequirement(asked), ...whoCalled(rbac) }))
  return rbac
}

/** Whether the caller meets the requirement; false without a session. */
export async function hasRbac(event: H3Event, requirement: RbacRequirement): Promise<boolean> {
  const rbac = await getRbac(event)
  return rbac !== null && unmetPart(requirement as Requirement, decisionCaller(rbac)) === undefined
}

/**
 * Whether the caller holds the role (any of the roles, or all with `{ all: true }`),
 * inheritance included. False without a session.
 */
export async function hasRole(event: H3Event, role: Role | readonly Role[], options: RequireRoleOptions = {}): Promise<boolean> {
  const rbac = await getRbac(event)
  return rbac !== null && satisfiesRoles(rbac.effectiveRoles, role, options.all)
}

/**
 * Throws 401 without a valid session and 403 without the role; returns what it checked.
 * @example const { uid } = await requireRole(event, ['admin', 'editor'])
 */
export function requireRole(event: H3Event, role: Role | readonly Role[], options: RequireRoleOptions = {}): Promise<RbacContext> {
  return requireRbac(event, { role, all: options.all })
}
