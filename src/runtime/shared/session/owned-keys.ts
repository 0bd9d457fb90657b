import { isRecord } from '../is-record'
import { STAMP_KEY } from '../freshness/staleness'
import { effectiveRoles } from '../roles/hierarchy'
import type { Grants } from '../roles/hierarchy'
import { normaliseRoles, readAssignedRoles } from '../roles/known-roles'
import { withTokenRoles } from './token-roles'
import { USER_ID_KEYS } from './token-uid'

/**
 * The keys the module owns in next-auth's token, and which write wins when the app's own `jwt`
 * callback has run:
 * - `uid` and the freshness stamp are always the module's.
 * - With a roles resolver, the resolver's roles: it is the authority, the app's writes are ignored.
 * - Otherwise roles the app's callback changes win (it may demote or promote from its own data): a
 *   changed `roles` first, else a changed `role` (the guide's shape), filtered to known roles.
 * - Except on a client's session update (`POST /api/auth/session`, `trigger: 'update'`): the call
 *   may carry data from the browser, so `uid`, `id` and `sub` are put back, and the roles may only
 *   shrink — a demotion the app makes there stands, anything the old roles did not already grant is
 *   dropped. A promotion waits for the next refresh. The app's callback is also given the update
 *   data without the module's keys (see withoutOwnedKeys), so a merge cannot carry them.
 */

type Data = Record<string, unknown>

/** The keys the module reads from a token (and from a client's update data, never). */
export const OWNED_KEYS = ['role', 'roles', ...USER_ID_KEYS, STAMP_KEY] as const

export interface OwnedKeysContext {
  /** The call is a client's session update. */
  fromClient: boolean
  /** A roles resolver decides roles. */
  resolverDecides: boolean
  knownRoles: ReadonlySet<string>
  grants: Grants
}

export function reapplyOwnedKeys(returned: unknown, given: Data, context: OwnedKeysContext): unknown {
  if (!isRecord(returned)) {
    // next-auth ends the session on anything but a token; nothing of ours to keep.
    return returned
  }
  const next: Data = { ...returned }
  restore(next, given, STAMP_KEY)
  restore(next, given, 'uid')
  if (context.fromClient) {
    for (const key of USER_ID_KEYS) {
      restore(next, given, key)
    }
  }
  if (context.resolverDecides) {
    restore(next, given, 'roles')
    restore(next, given, 'role')
    return next
  }
  let roles = rolesAfterApp(next, given, context.knownRoles)
  if (context.fromClient) {
    const granted = new Set(effectiveRoles(readAssignedRoles(given, context.knownRoles), context.grants))
    roles = roles.filter(role => granted.has(role))
  }
  return withTokenRoles(next, roles, undefined)
}

/**
 * A client's update data as the app's callback gets it: without the module's keys at the top and
 * under `user` (the shapes `{ ...token, ...session }` and `{ ...token, ...session.user }` merge).
 */
export function withoutOwnedKeys(data: unknown): unknown {
  if (!isRecord(data)) {
    return data
  }
  const next = omitOwned(data)
  if (isRecord(next.user)) {
    next.user = omitOwned(next.user)
  }
  return next
}

function omitOwned(data: Data): Data {
  const kept: Data = {}
  for (const key of Object.keys(data)) {
    if (!(OWNED_KEYS as readonly string[]).includes(key)) {
      kept[key] = data[key]
    }
  }
  return kept
}

function rolesAfterApp(returned: Data, given: Data, known: ReadonlySet<string>): string[] {
  const before = ownValue(given, 'roles')
  const after = ownValue(returned, 'roles')
  if (!sameList(before, after)) {
    return normaliseRoles(after, known)
  }
  const role = ownValue(returned, 'role')
  if (role !== ownValue(given, 'role')) {
    return typeof role === 'string' ? normaliseRoles([role], known) : []
  }
  return normaliseRoles(before, known)
}

function ownValue(data: Data, key: string): unknown {
  return Object.hasOwn(data, key) ? data[key] : undefined
}

function sameList(a: unknown, b: unknown): boolean {
  if (!Array.isArray(a) || !Array.isArray(b)) {
    return a === b
  }
  return a.length === b.length && a.every((item, index) => item === b[index])
}

function restore(target: Data, source: Data, key: string): void {
  if (Object.hasOwn(source, key)) {
    target[key] = source[key]
  }
  else {
    // A key the module owns, on our own copy of the app's token.
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete
    delete target[key]
  }
}
