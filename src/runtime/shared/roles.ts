/**
 * Exact role matching. Roles are plain strings compared with `===` semantics through a `Set`:
 * no case folding, no trimming, no splitting on commas, no prototype lookups.
 */

/** Keeps only the values of `value` that are known roles; everything else is dropped. */
export function normaliseRoles(value: unknown, knownRoles: ReadonlySet<string>): string[] {
  const candidates = Array.isArray(value) ? value : [value]
  const roles: string[] = []
  for (const candidate of candidates) {
    if (typeof candidate === 'string' && knownRoles.has(candidate) && !roles.includes(candidate)) {
      roles.push(candidate)
    }
  }
  return roles
}

/**
 * Reads the roles a user or token carries: `roles` (array) wins over `role` (string).
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
  return normaliseRoles(Object.hasOwn(source, 'role') ? source.role : undefined, knownRoles)
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
