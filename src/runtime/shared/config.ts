import type { Grants } from './hierarchy'

/** What both the app and the server know about the roles, derived from the module options at build time. */
export interface RbacConfig {
  /** The closed list of roles. */
  roles: readonly string[]
  /** Role → every role it grants (itself included), expanded from `inherits`. */
  grants: Grants
  /** Dot path of the role in the session data, e.g. `role` or `user.role`. */
  sessionRolePath: string
  /** Where denied page navigations go; unset means nuxt-auth's sign-in and a 403 error page. */
  redirect: { signIn?: string, forbidden?: string }
}

/** A role requirement: any of the roles, or all of them with `all: true`. */
export interface RoleRequirement {
  role: string | readonly string[]
  all?: boolean
}

/** Whether the effective roles satisfy a requirement. An empty requirement is never satisfied. */
export function satisfiesRoles(effective: readonly string[], requirement: RoleRequirement): boolean {
  const required = typeof requirement.role === 'string' ? [requirement.role] : requirement.role
  if (!Array.isArray(required) || required.length === 0) {
    return false
  }
  const held = new Set(effective)
  return requirement.all
    ? required.every(role => typeof role === 'string' && held.has(role))
    : required.some(role => typeof role === 'string' && held.has(role))
}
