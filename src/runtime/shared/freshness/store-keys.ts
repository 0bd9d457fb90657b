/**
 * Keys of the `rbac` storage mount. Each user has three, all bounded by a TTL:
 * `sessions:<id>` (revocation), `roles-version:<id>` (role changes) and `roles:<id>` (cached roles).
 * The user id is base64url-encoded: unstorage reads `:` and `/` in a key as separators, and an id
 * containing them must not reach another user's key.
 */

/** Longer user ids are refused: a key is built from them on every guarded request. */
export const MAX_UID_LENGTH = 256

export interface UserKeys {
  sessions: string
  rolesVersion: string
  roles: string
}

/** The user's keys, or undefined for an id that cannot have any (empty or too long). */
export function userKeys(uid: string): UserKeys | undefined {
  if (uid === '' || uid.length > MAX_UID_LENGTH) {
    return undefined
  }
  const id = base64Url(uid)
  return { sessions: `sessions:${id}`, rolesVersion: `roles-version:${id}`, roles: `roles:${id}` }
}

function base64Url(text: string): string {
  let binary = ''
  for (const byte of new TextEncoder().encode(text)) {
    binary += String.fromCharCode(byte)
  }
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
}
