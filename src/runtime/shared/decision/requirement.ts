import { checkAbility } from '../abilities/ability'
import type { AnyRbacAbility } from '../abilities/define-abilities'
import { isRecord } from '../is-record'

/** How a caller proved who they are: a user's session (cookie or bearer token), or an API key. */
export type CallerVia = 'session' | 'api-key'

export const CALLER_VIAS: readonly CallerVia[] = ['session', 'api-key']

/**
 * What a page (`definePageMeta`), a route rule (`routeRules[…].rbac`) or a server check
 * (`requireRbac`) asks of the caller: any of the roles (all of them with `all: true`), and/or an
 * ability, and optionally how the caller may have proved who they are (`via`; any configured way
 * when absent). Every part given must hold; a requirement that asks for nothing is never met (a
 * typo must not open a page).
 */
export interface Requirement {
  role?: string | readonly string[]
  all?: boolean
  can?: readonly [action: string, subject: unknown, field?: string]
  via?: readonly CallerVia[]
}

/** What the decision needs to know about the caller; the ability is built only if a `can` asks. */
export interface Caller {
  effectiveRoles: readonly string[]
  ability: () => AnyRbacAbility
  /** How the caller was identified; absent where only sessions exist (the app's page guard). */
  via?: CallerVia
}

/**
 * Which part of a requirement failed, or undefined when it is met. `via` means the credential is
 * not one the requirement accepts: the caller is, for it, not authenticated (401, not 403).
 */
export type UnmetPart = 'nothing asked' | 'via' | 'role' | 'can'

/** The one decision: every part of the requirement must hold. */
export function unmetPart(requirement: Requirement, caller: Caller): UnmetPart | undefined {
  if (requirement.role === undefined && requirement.can === undefined) {
    return 'nothing asked'
  }
  if (requirement.via !== undefined && !acceptsVia(requirement.via, caller.via ?? 'session')) {
    return 'via'
  }
  if (requirement.role !== undefined && !satisfiesRoles(caller.effectiveRoles, requirement.role, requirement.all === true)) {
    return 'role'
  }
  if (requirement.can !== undefined) {
    const [action, subject, field] = Array.isArray(requirement.can) ? requirement.can : []
    if (typeof action !== 'string' || !checkAbility(caller.ability(), action, subject, field)) {
      return 'can'
    }
  }
  return undefined
}

export function satisfies(requirement: Requirement, caller: Caller): boolean {
  return unmetPart(requirement, caller) === undefined
}

/** Whether a credential of this kind is accepted; a malformed or empty list accepts none. */
export function acceptsVia(accepted: unknown, via: CallerVia): boolean {
  return Array.isArray(accepted) && accepted.includes(via)
}

/** Any of the roles (all of them with `all`), matched exactly. An empty list is never satisfied. */
export function satisfiesRoles(effective: readonly string[], role: unknown, all = false): boolean {
  const required = typeof role === 'string' ? [role] : role
  if (!Array.isArray(required) || required.length === 0) {
    return false
  }
  const held = new Set(effective)
  return all
    ? required.every(name => typeof name === 'string' && held.has(name))
    : required.some(name => typeof name === 'string' && held.has(name))
}

/** The credentials a requirement accepts, for error details (development only). */
export function describeVia(requirement: Requirement): string {
  return Array.isArray(requirement.via) ? requirement.via.join(' or ') : 'any credential'
}

/** A short description for error details (development only) and messages. */
export function describeRequirement(requirement: Requirement): string {
  const parts: string[] = []
  if (requirement.role !== undefined) {
    parts.push(`${requirement.all ? 'all of' : 'one of'}: ${[requirement.role].flat().join(', ')}`)
  }
  if (requirement.can !== undefined) {
    const [action, subject, field] = requirement.can
    parts.push(`can ${action}${field ? ` ${field} of` : ''} ${typeof subject === 'string' ? subject : subject ? 'this subject' : 'no subject'}`)
  }
  if (requirement.via !== undefined && parts.length > 0) {
    parts.push(`via ${[requirement.via].flat().join(' or ')}`)
  }
  return parts.join(' and ') || 'nothing (never met)'
}

/**
 * Why a requirement in configuration cannot name a policy, and what to write instead: a route rule
 * or a page cannot give a policy the record it decides on, and a page's guard runs in the browser
 * too, where policies (server/rbac-policies.ts, server only) are not.
 */
export function policyInRequirement(policy: unknown, where: 'route rule' | 'page'): string {
  const call = `requirePolicy(event, ${JSON.stringify(typeof policy === 'string' ? policy : 'name')}, record)`
  return where === 'page'
    ? `names a policy (${JSON.stringify(policy)}), which a page cannot ask for: policies run on the server only, a page's guard runs in the browser too, and page meta cannot give a policy the record it decides on. Call ${call} in the server route that loads the page's data, and show its 403/404 on the page; keep a role or can here if the page itself needs one`
    : `names a policy (${JSON.stringify(policy)}), which a route rule cannot ask for: a rule cannot give a policy the record it decides on. Call ${call} in the route's handler once it has loaded the record; keep a role or can in the rule if every request needs one`
}

/**
 * Reads a requirement written in configuration (`routeRules`, page meta), or says what is wrong
 * with it: `{ role: 'admin' }`, `{ role: ['editor', 'billing'], all: true }`,
 * `{ can: ['read', 'Report'] }`, or role and can together.
 */
export function parseRequirement(value: unknown, knownRoles: ReadonlySet<string>, where: 'route rule' | 'page' = 'route rule'): Requirement | string {
  if (!isRecord(value)) {
    return 'must be an object such as { role: \'admin\' } or { can: [\'read\', \'Report\'] }'
  }
  if (Object.hasOwn(value, 'policy')) {
    return policyInRequirement(value.policy, where)
  }
  const unknownKey = Object.keys(value).find(key => !['role', 'all', 'can', 'via'].includes(key))
  if (unknownKey !== undefined) {
    return `has an unknown key '${unknownKey}' (keys: role, all, can, via)`
  }
  const { role, all, can, via } = value
  if (role === undefined && can === undefined) {
    return 'asks for nothing: name a role ({ role: \'admin\' }) or an ability ({ can: [\'read\', \'Report\'] })'
  }
  const requirement: Requirement = {}
  if (role !== undefined) {
    const roles = typeof role === 'string' ? [role] : role
    if (!Array.isArray(roles) || roles.length === 0) {
      return '.role must name a role or a non-empty list of roles, e.g. { role: \'admin\' }'
    }
    const unknown = roles.find(name => typeof name !== 'string' || !knownRoles.has(name))
    if (unknown !== undefined) {
      return `.role names ${JSON.stringify(unknown)}, which is not in rbac.roles (${[...knownRoles].join(', ')}). Fix the spelling or add it to rbac.roles`
    }
    requirement.role = [...roles as string[]]
  }
  if (all !== undefined) {
    if (typeof all !== 'boolean') {
      return '.all must be true or false'
    }
    requirement.all = all
  }
  if (can !== undefined) {
    const valid = Array.isArray(can) && (can.length === 2 || can.length === 3)
      && can.every(part => typeof part === 'string' && part !== '')
    if (!valid) {
      return '.can must be [action, subject type] or [action, subject type, field], e.g. [\'read\', \'Report\']'
    }
    requirement.can = [...can as [string, string, string?]]
  }
  if (via !== undefined) {
    if (!Array.isArray(via) || via.length === 0 || !via.every(kind => (CALLER_VIAS as readonly unknown[]).includes(kind))) {
      return `.via must list how callers may prove who they are: ['session'], ['api-key'] or both, got ${JSON.stringify(via)}`
    }
    requirement.via = [...new Set(via as CallerVia[])]
  }
  return requirement
}
