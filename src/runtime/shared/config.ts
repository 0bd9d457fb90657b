import type { Grants } from './roles/hierarchy'

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
