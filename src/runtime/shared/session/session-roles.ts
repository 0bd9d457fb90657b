import type { RbacConfig } from '../config'
import { PREFIX } from '../names'
import { effectiveRoles } from '../roles/hierarchy'
import { readAssignedRoles } from '../roles/known-roles'
import { ensureRoleHolder, parseSessionPath, readRoleHolder } from './session-path'
import { tokenUid } from './token-uid'

/** Token → session → app: the role fields the session callback writes, and how the app reads them back. */

type Data = Record<string, unknown>

/** Writes role, roles and uid into the session at `sessionRolePath`. */
export function exposeRoles(session: Data, token: Data, config: RbacConfig): Data {
  const paths = parseSessionPath(config.sessionRolePath)
  if (!paths) {
    throw new Error(`${PREFIX} invalid sessionRolePath '${config.sessionRolePath}'`)
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
