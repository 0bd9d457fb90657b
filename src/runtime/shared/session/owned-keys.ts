import { isRecord } from '../is-record'
import { STAMP_KEY } from '../freshness/staleness'
import { normaliseRoles } from '../roles/known-roles'
import { withTokenRoles } from './token-roles'

/**
 * After the app's own `jwt` callback: the keys the module owns in the token, whatever the app
 * returned. Which write wins:
 * - `uid` and the freshness stamp are always the module's.
 * - On a client's session update (`trigger: 'update'`, data from the browser), every key the module
 *   reads — `role`, `roles`, `uid`, `id`, `sub`, the stamp — is put back as it was before the app's
 *   callback ran: a callback that merges update data (`{ ...token, ...session }`) cannot carry a
 *   role or another user id from the browser into the token.
 * - With a roles resolver, the resolver's roles: it is the authority, the app's writes are ignored.
 * - Otherwise, roles the app's callback changed win (it may demote or promote from its own data):
 *   a changed `roles` first, else a changed `role` (the guide's shape), filtered to known roles.
 */

type Data = Record<string, unknown>

const IDENTITY_KEYS = ['uid', 'id', 'sub'] as const

export interface OwnedKeysContext {
  /** The call carries a client's session update. */
  fromClient: boolean
  /** A roles resolver decides roles. */
  resolverDecides: boolean
  knownRoles: ReadonlySet<string>
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
    for (const key of IDENTITY_KEYS) {
      restore(next, given, key)
    }
  }
  if (context.fromClient || context.resolverDecides) {
    restore(next, given, 'roles')
    restore(next, given, 'role')
    return next
  }
  return withTokenRoles(next, rolesAfterApp(next, given, context.knownRoles), undefined)
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
