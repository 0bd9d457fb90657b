import { isRecord } from '../is-record'

/**
 * Exact role matching. Roles are plain strings compared with `===` semantics through a `Set`:
 * no case folding, no trimming, no splitting on commas, no prototype lookups.
 */

/** Keeps the entries of a list that are known roles, once each; everything else is dropped. */
export function normaliseRoles(value: unknown, knownRoles: ReadonlySet<string>): string[] {
  if (!Array.isArray(value)) {
    return []
  }
  const roles: string[] = []
  for (const candidate of value) {
    if (typeof candidate === 'string' && knownRoles.has(candidate) && !roles.includes(candidate)) {
      roles.push(candidate)
    }
  }
  return roles
}

/**
 * Reads the roles a user or token carries: `roles` (an array) wins over `role` (a string; an
 * array there is malformed and grants nothing).
 * Both shapes are what sign-in hands over (`authorize()`, an OAuth `profile()`) or what the
 * sidebase guide's hand-written callbacks store.
 */
export function readAssignedRoles(source: unknown, knownRoles: ReadonlySet<string>): string[] {
  if (!isRecord(source)) {
    return []
  }
  const roles = Object.hasOwn(source, 'roles') ? source.roles : undefined
  if (Array.isArray(roles)) {
    return normaliseRoles(roles, knownRoles)
  }
  const role = Object.hasOwn(source, 'role') ? source.role : undefined
  return typeof role === 'string' ? normaliseRoles([role], knownRoles) : []
}
