import { normaliseRoles } from '../roles/known-roles'

/**
 * What an app's roles resolver may return: the user's roles (a role or a list; unknown ones are
 * dropped like everywhere else), or null when the user no longer exists or may not sign in.
 * Anything else is a bug in the resolver, reported rather than read as "no roles".
 */
export type ResolvedRoles = { gone: true } | { gone: false, roles: string[] }

export function readResolvedRoles(value: unknown, knownRoles: ReadonlySet<string>): ResolvedRoles {
  if (value === null) {
    return { gone: true }
  }
  if (typeof value === 'string') {
    return { gone: false, roles: normaliseRoles([value], knownRoles) }
  }
  if (Array.isArray(value) && value.every(role => typeof role === 'string')) {
    return { gone: false, roles: normaliseRoles(value, knownRoles) }
  }
  throw new TypeError(`the roles resolver returned ${describe(value)}; return a role, an array of roles, or null for a user who is gone`)
}

function describe(value: unknown): string {
  if (value === undefined) {
    return 'undefined (did it forget to return?)'
  }
  return Array.isArray(value) ? 'an array with a non-string entry' : `a value of type ${typeof value}`
}
