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

/**
 * Whether an id can have keys: not empty, not too long, and well-formed UTF-16. An unpaired
 * surrogate has no UTF-8 encoding (it becomes U+FFFD), so two ids differing only there would
 * share one user's keys: cached roles and revocations alike.
 */
export function canHaveKeys(uid: string): boolean {
  return uid !== '' && uid.length <= MAX_UID_LENGTH && !LONE_SURROGATE.test(uid)
}

// With the `u` flag a surrogate pair is one code point, so only an unpaired half matches.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u

// Keys of users seen lately: each guarded request with fresh roles needs its user's, and encoding
// them showed in the profile. Bounded; the oldest go first.
const MAX_KEPT_USERS = 5_000
const kept = new Map<string, Readonly<UserKeys>>()

/** The user's keys, or undefined for an id that cannot have any (see canHaveKeys). */
export function userKeys(uid: string): Readonly<UserKeys> | undefined {
  const known = kept.get(uid)
  if (known) {
    return known
  }
  if (!canHaveKeys(uid)) {
    return undefined
  }
  const id = base64Url(uid)
  const keys = Object.freeze({ sessions: `sessions:${id}`, rolesVersion: `roles-version:${id}`, roles: `roles:${id}` })
  if (kept.size >= MAX_KEPT_USERS) {
    kept.delete(kept.keys().next().value!)
  }
  kept.set(uid, keys)
  return keys
}

function base64Url(text: string): string {
  let binary = ''
  for (const byte of new TextEncoder().encode(text)) {
    binary += String.fromCharCode(byte)
  }
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
}
