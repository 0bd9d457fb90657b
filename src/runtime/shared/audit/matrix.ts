import { buildAbility } from '../abilities/ability'
import type { AnyRbacAbility } from '../abilities/define-abilities'
import { satisfies } from '../decision/requirement'
import type { Caller, Requirement } from '../decision/requirement'
import type { FoundGuard, RbacAudit } from './types'

/**
 * What a role gets on a route: `yes`/`no` where the build can decide it exactly, `record` when a
 * handler checks an ability on a record or asks a policy (it depends on the record, and the
 * policy's code), `code` when a handler decides with values the build cannot read.
 */
export type Access = 'yes' | 'no' | 'record' | 'code'

export interface MatrixRow {
  /** `websocket` for a server route that accepts websocket upgrades (shown as `WS`). */
  kind: 'page' | 'api' | 'websocket' | 'island'
  route: string
  method: string | null
  access: Record<string, Access>
}

/**
 * The matrix's column for visitors without a session: every guard answers them 401 (or sends them
 * to sign in), but a policy that takes guests and `requireAbility(…, { guests: true })`.
 */
export const SIGNED_OUT = '(signed out)'

/**
 * The matrix's columns: every role, then every combination of roles a requirement asks for together
 * (`editor+billing`: a user holding exactly those roles), then signed-out visitors.
 */
export function matrixColumns(audit: RbacAudit): string[] {
  return [...audit.roles, ...(audit.combinations ?? []).map(combination => combination.name), SIGNED_OUT]
}

/** The roles a user of a column holds: one role, a combination's roles, or none for signed-out visitors. */
export function columnRoles(audit: RbacAudit, column: string): string[] {
  if (column === SIGNED_OUT) {
    return []
  }
  return audit.combinations?.find(combination => combination.name === column)?.roles ?? [column]
}

/** The role × route matrix, from the audit: the same decision function the server uses. */
export function accessMatrix(audit: RbacAudit): MatrixRow[] {
  const noAbility = buildAbility([])
  const callers: Record<string, Caller | undefined> = Object.fromEntries(audit.roles.map((role) => {
    const ability = buildAbility(audit.abilities[role] ?? [])
    const caller: Caller = { effectiveRoles: audit.grants[role] ?? [role], ability: () => ability }
    return [role, caller]
  }))
  for (const combination of audit.combinations ?? []) {
    const ability = buildAbility(combination.abilities)
    callers[combination.name] = { effectiveRoles: combination.grants, ability: () => ability }
  }
  const guestAbility = audit.guestAbilities ? buildAbility(audit.guestAbilities) : undefined
  const visitor: Caller = { effectiveRoles: [], ability: () => noAbility }
  const decide = (requirements: Requirement[], guards: FoundGuard[], column: string): Access => {
    // No session: a requirement answers 401 before it looks at anything else.
    const caller = callers[column] ?? visitor
    if (!requirements.every(requirement => satisfies(requirement, caller))) {
      return 'no'
    }
    let access: Access = 'yes'
    for (const guard of guards) {
      const result = column === SIGNED_OUT ? visitorAccess(guard, guestAbility) : guardAccess(guard, caller)
      if (result === 'no') {
        return 'no'
      }
      if (result === 'code' || (result === 'record' && access === 'yes')) {
        access = result
      }
    }
    return access
  }
  return [
    ...audit.pages.map(page => ({
      kind: 'page' as const,
      route: page.path,
      method: null,
      access: Object.fromEntries(matrixColumns(audit).map((column) => {
        const access = decide(page.requirements, [], column)
        // A guard the build could not read can only make it stricter.
        return [column, page.unreadable && access === 'yes' ? 'code' : access]
      })),
    })),
    ...audit.api.map(route => ({
      kind: route.kind ?? 'api' as const,
      route: route.route,
      method: route.method,
      access: Object.fromEntries(matrixColumns(audit).map(column => [column, decide(route.rules.map(rule => rule.rbac), route.guards, column)])),
    })),
  ]
}

function guardAccess(guard: FoundGuard, caller: Caller): Access {
  switch (guard.kind) {
    case 'role':
      return satisfies({ role: guard.roles, all: guard.all }, caller) ? 'yes' : 'no'
    case 'ability':
      return satisfies({ can: [guard.action, guard.subject, guard.field] }, caller) ? 'yes' : 'no'
    case 'requirement': {
      const { role, all, can } = guard
      return satisfies({ role, all, can }, caller) ? 'yes' : 'no'
    }
    case 'record':
    case 'policy':
      return 'record'
    case 'filter':
    case 'dynamic':
    case 'custom':
    case 'ineffective':
      return 'code'
  }
}

/**
 * What a visitor without a session gets from a guard: 401, but where a guard lets visitors through
 * on what the abilities file grants guests (`guestAbility`, absent when it grants none), or asks a
 * policy that takes guests.
 */
function visitorAccess(guard: FoundGuard, guestAbility: AnyRbacAbility | undefined): Access {
  const guest: Caller | undefined = guestAbility && { effectiveRoles: [], ability: () => guestAbility }
  switch (guard.kind) {
    case 'ability':
      return guard.guests && guest ? guardAccess(guard, guest) : 'no'
    case 'record':
      return guard.guests && guest ? 'record' : 'no'
    case 'policy':
      return guard.guests === undefined ? 'code' : guard.guests ? 'record' : 'no'
    case 'filter':
      return guard.refusesVisitors && !guest ? 'no' : 'code'
    case 'role':
    case 'requirement':
      return 'no'
    case 'dynamic':
    case 'custom':
    case 'ineffective':
      return 'code'
  }
}
