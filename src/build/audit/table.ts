import type { Requirement } from '../../runtime/shared/decision/requirement'
import { describeRequirement } from '../../runtime/shared/decision/requirement'
import type { FoundGuard } from './guards'
import type { RbacAudit } from './audit'
import { matrixColumns } from '../../runtime/shared/audit/matrix'
import type { MatrixRow } from '../../runtime/shared/audit/matrix'

/** The audit as a compact text table, for `npx nuxt-auth-rbac audit`. */
export function auditTable(audit: RbacAudit): string {
  const rows: string[][] = [['', 'route', 'protected by']]
  for (const page of audit.pages) {
    const requirements = page.requirements.map(describe)
    if (page.unreadable) {
      requirements.push('a guard in definePageMeta the build cannot read (not written literally)')
    }
    rows.push(['page', page.path, requirements.length > 0 ? requirements.join(' and ') : 'public'])
  }
  for (const route of audit.api) {
    const by = [...new Set([
      ...route.rules.map(rule => `routeRules['${rule.pattern}'] ${describe(rule.rbac)}`),
      ...route.guards.map(guard => describeGuard(guard, audit.guestAbilities !== undefined)),
    ])]
    const keys = route.accepts?.includes('api-key') ? ' [API keys]' : ''
    const label = route.status === 'guarded' ? `${by.join(', ')}${keys}` : route.status === 'auth' ? 'nuxt-auth (sign-in)' : route.status === 'public' ? 'public (rbac.public)' : `UNGUARDED${by.length > 0 ? ` (${by.join(', ')})` : ''}`
    rows.push([routeLabel(route.kind, route.method), route.route, label])
  }
  const lines = [columnsOf(rows)]
  if (audit.problems.length > 0) {
    lines.push('', `${audit.problems.length} finding(s):`)
    for (const problem of audit.problems) {
      lines.push(problem.kind === 'unmatched-rule'
        ? `  routeRules['${problem.pattern}'] matches no page or server route`
        : `  ${problem.kind === 'unguarded' ? 'unguarded' : 'side effect before the guard:'} ${problem.route} (${problem.file}): ${problem.detail}`)
    }
  }
  return lines.join('\n')
}

const SYMBOLS = { yes: '✓', no: '·', record: 'record', code: 'code' } as const

/** The role × route matrix as text: ✓ passes, · refused, `record` depends on the record (or a policy), `code` decided in the handler. */
export function matrixTable(audit: RbacAudit, matrix: MatrixRow[]): string {
  const columns = matrixColumns(audit)
  const rows = [['', 'route', ...columns]]
  for (const row of matrix) {
    rows.push([row.kind === 'page' ? 'page' : routeLabel(row.kind, row.method), row.route, ...columns.map(column => SYMBOLS[row.access[column]!])])
  }
  const together = (audit.combinations ?? []).map(combination => combination.name)
  return `${columnsOf(rows)}\n\n✓ passes · refused  record: depends on the record (a record check, or a policy)  code: decided by the handler's own code  WS: websocket upgrade  ISLAND: a server component's own request${together.length > 0 ? `\n${together.join(', ')}: a user holding exactly these roles` : ''}`
}

/** `GET`, `ALL` for every method, `WS` for a websocket route, `ISLAND` for a server component's request. */
function routeLabel(kind: string | undefined, method: string | null): string {
  return kind === 'websocket' ? 'WS' : kind === 'island' ? 'ISLAND' : (method ?? 'all').toUpperCase()
}

function describe(requirement: Requirement): string {
  return describeRequirement(requirement)
}

/** A guard as the table says it; `guests`: the abilities file grants visitors rules. */
function describeGuard(guard: FoundGuard, guests: boolean): string {
  switch (guard.kind) {
    case 'role':
      return `requireRole ${guard.roles.join(guard.all ? ' and ' : ' or ')}`
    case 'ability':
      return `requireAbility ${guard.action} ${guard.subject}${guard.field ? `.${guard.field}` : ''}${guard.guests ? ' (visitors too, on guest rules)' : ''}`
    case 'record':
      return `requireAbility ${guard.action} on a record${guard.guests ? ' (visitors too, on guest rules)' : ''}`
    case 'policy':
      return `requirePolicy '${guard.name}'${guard.guests === undefined ? '' : guard.guests ? ' (visitors too)' : ''}`
    case 'filter':
      return `accessibleBy${guard.action ? ` ${guard.action} ${guard.subject ?? '…'}` : '(…)'}, a filter (refuses no signed-in caller${guard.refusesVisitors && !guests ? ', visitors 401' : ''})`
    case 'requirement':
      return `${guard.call ?? 'requireRbac'} ${describeRequirement({ role: guard.role, all: guard.all, can: guard.can, via: guard.via as Requirement['via'] })}`
    case 'dynamic':
      return `${guard.call}(…)`
    case 'custom':
      return `${guard.call} in code`
    case 'ineffective':
      return `${guard.call}, ineffective: ${guard.why}`
  }
}

function columnsOf(rows: string[][]): string {
  const widths = rows[0]!.map((_, index) => Math.max(...rows.map(row => row[index]!.length)))
  return rows.map(row => row.map((cell, index) => index === row.length - 1 ? cell : cell.padEnd(widths[index]!)).join('  ').trimEnd()).join('\n')
}
