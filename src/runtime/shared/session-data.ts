import type { RbacConfig } from './config'
import { readAssignedRoles, isRecord } from './roles'
import { effectiveRoles } from './hierarchy'
import { ensureRoleHolder, parseSessionPath, readRoleHolder } from './session-path'

/**
 * What the jwt and session callbacks do with role data, kept free of next-auth so it can be
 * tested on plain objects. The token is next-auth's encrypted JWT (server only); the session
 * is what the browser receives.
 */

type Data = Record<string, unknown>

const ACCESS_TOKEN_KEYS = ['accessToken', 'access_token'] as const

/** On sign-in: copies role(s), uid and access token from the signed-in user onto the token. */
export function recordSignIn(token: Data, user: unknown, account: unknown, config: RbacConfig): Data {
  const known = new Set(config.roles)
  const roles = readAssignedRoles(user, known)
  const next: Data = { ...token, roles }
  if (roles.length > 0) {
    next.role = roles[0]
  }
  else {
    // A role the app does not know is dropped, never replaced by a default.
    delete next.role
  }
  const id = isRecord(user) ? user.id : undefined
  if (typeof id === 'string' || typeof id === 'number') {
    next.uid = String(id)
  }
  const accessToken = firstString(user, ACCESS_TOKEN_KEYS) ?? firstString(account, ACCESS_TOKEN_KEYS)
  if (accessToken !== undefined) {
    next.accessToken = accessToken
  }
  return next
}

/** The user id a token carries: ours (`uid`), the guide's (`id`) or next-auth's (`sub`). */
export function tokenUid(token: Data): string | undefined {
  for (const key of ['uid', 'id', 'sub']) {
    const value = Object.hasOwn(token, key) ? token[key] : undefined
    if (typeof value === 'string' || typeof value === 'number') {
      return String(value)
    }
  }
  return undefined
}

/** Writes role, roles and uid into the session at `sessionRolePath`. */
export function exposeRoles(session: Data, token: Data, config: RbacConfig): Data {
  const paths = parseSessionPath(config.sessionRolePath)
  if (!paths) {
    throw new Error(`[nuxt-auth-rbac] invalid sessionRolePath '${config.sessionRolePath}'`)
  }
  const next = structuredClone(session)
  const holder = ensureRoleHolder(next, paths)
  const roles = readAssignedRoles(token, new Set(config.roles))
  holder.roles = roles
  if (roles.length > 0) {
    holder[paths.roleKey] = roles[0]
  }
  else {
    // The key is the validated sessionRolePath, on our own clone of the session.
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete
    delete holder[paths.roleKey]
  }
  const uid = tokenUid(token)
  if (uid !== undefined) {
    holder.uid = uid
  }
  return next
}

function firstString(source: unknown, keys: readonly string[]): string | undefined {
  if (!isRecord(source)) {
    return undefined
  }
  for (const key of keys) {
    const value = Object.hasOwn(source, key) ? source[key] : undefined
    if (typeof value === 'string' && value !== '') {
      return value
    }
  }
  return undefined
}

/** What the browser's copy of the session says about the user: roles, effective roles, uid. */
export interface SessionRoles {
  roles: string[]
  effectiveRoles: string[]
  uid: string | undefined
}

/** Reads role(s) and uid at `sessionRolePath`; only configured roles count. */
export function rolesFromSession(session: unknown, config: RbacConfig): SessionRoles {
  const paths = parseSessionPath(config.sessionRolePath)
  const holder = paths ? readRoleHolder(session, paths) : undefined
  if (!holder || !paths) {
    return { roles: [], effectiveRoles: [], uid: undefined }
  }
  const shaped = { roles: Object.hasOwn(holder, 'roles') ? holder.roles : undefined, role: Object.hasOwn(holder, paths.roleKey) ? holder[paths.roleKey] : undefined }
  const roles = readAssignedRoles(shaped, new Set(config.roles))
  return { roles, effectiveRoles: effectiveRoles(roles, config.grants), uid: tokenUid(holder) }
}
