import { buildAbility } from '../abilities/ability'
import { satisfies } from '../decision/requirement'
import type { Caller, Requirement } from '../decision/requirement'
import type { FoundGuard, RbacAudit } from './types'

/**
 * What a role gets on a route: `yes`/`no` where the build can decide it exactly, `record` when a
 * handler checks an ability on a record (it depends on the record), `code` when a handler decides
 * with values the build cannot read.
 */
export type Access = 'yes' | 'no' | 'record' | 'code'

export interface MatrixRow {
  kind: 'page' | 'api'
  route: string
  method: string | null
  access: Record<string, Access>
}

/** The role × route matrix, from the audit: the same decision function the server uses. */
export function accessMatrix(audit: RbacAudit): MatrixRow[] {
  const callers = Object.fromEntries(audit.roles.map((role) => {
    const ability = buildAbility(audit.abilities[role] ?? [])
    const caller: Caller = { effectiveRoles: audit.grants[role] ?? [role], ability: () => ability }
    return [role, caller]
  }))
  const decide = (requirements: Requirement[], guards: FoundGuard[], caller: Caller): Access => {
    if (!requirements.every(requirement => satisfies(requirement, caller))) {
      return 'no'
    }
    let access: Access = 'yes'
    for (const guard of guards) {
      const result = guardAccess(guard, caller)
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
      access: Object.fromEntries(audit.roles.map((role) => {
        const access = decide(page.requirements, [], callers[role]!)
        // A guard the build could not read can only make it stricter.
        return [role, page.unreadable && access === 'yes' ? 'code' : access]
      })),
    })),
    ...audit.api.map(route => ({
      kind: 'api' as const,
      route: route.route,
      method: route.method,
      access: Object.fromEntries(audit.roles.map(role => [role, decide(route.rules.map(rule => rule.rbac), route.guards, callers[role]!)])),
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
      return 'record'
    case 'dynamic':
    case 'custom':
    case 'ineffective':
      return 'code'
  }
}
