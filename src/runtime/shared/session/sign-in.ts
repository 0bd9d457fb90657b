import type { RbacConfig } from '../config'
import { isRecord } from '../is-record'
import { readAssignedRoles } from '../roles/known-roles'
import { withTokenRoles } from './token-roles'

/** Sign-in → token: what the jwt callback stores when a user signs in (next-auth's token is server only). */

type Data = Record<string, unknown>

const ACCESS_TOKEN_KEYS = ['accessToken', 'access_token'] as const

/** On sign-in: copies role(s), uid and access token from the signed-in user onto the token. */
export function recordSignIn(token: Data, user: unknown, account: unknown, config: RbacConfig): Data {
  const known = new Set(config.roles)
  // A role the app does not know is dropped, never replaced by a default.
  const next = withTokenRoles(token, readAssignedRoles(user, known))
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
