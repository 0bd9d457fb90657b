import { isRecord } from '../../shared/is-record'
import { canHaveKeys } from '../../shared/freshness/store-keys'
import { hashSecret, newApiKey } from './api-key-format'

/**
 * An API key as the `rbac` storage mount keeps it, under `api-key:<id>`: who owns it, what it is
 * called, the roles it is narrowed to, SHA-256 of its secret (never the secret), when it was made
 * and when it ends, and the owner's sessions version at creation (revokeSessions moves it on).
 * A revoked key's record is replaced by `{ revoked: true }` until it would have expired.
 */
export interface ApiKeyRecord {
  id: string
  uid: string
  name: string
  /** The roles it is narrowed to (null: all of the owner's). */
  roles: string[] | null
  hash: string
  /** Seconds since the epoch. */
  createdAt: number
  expiresAt: number
  /** The owner's sessions version when it was made (absent: none was set). */
  sessionVersion?: string
}

/** What a caller may learn about a key: everything but its hash. */
export type ApiKeyInfo = Omit<ApiKeyRecord, 'hash' | 'sessionVersion'>

export function apiKeyStoreKey(id: string): string {
  return `api-key:${id}`
}

/** The list of a user's key ids, under `api-keys:<base64url uid>` (for listApiKeys). */
export function ownerIndexKey(userSessionsKey: string): string {
  return `api-keys:${userSessionsKey.slice('sessions:'.length)}`
}

/** A stored record, or undefined for anything else (revoked, missing, malformed, another id's). */
export function readApiKeyRecord(stored: unknown, id: string): ApiKeyRecord | undefined {
  if (!isRecord(stored) || stored.id !== id || typeof stored.uid !== 'string' || !canHaveKeys(stored.uid)
    || typeof stored.name !== 'string' || typeof stored.hash !== 'string'
    || !Number.isSafeInteger(stored.createdAt) || !Number.isSafeInteger(stored.expiresAt)) {
    return undefined
  }
  const roles = stored.roles
  if (roles !== null && !(Array.isArray(roles) && roles.every(role => typeof role === 'string'))) {
    return undefined
  }
  return {
    id,
    uid: stored.uid,
    name: stored.name,
    roles: roles === null ? null : [...roles as string[]],
    hash: stored.hash,
    createdAt: stored.createdAt as number,
    expiresAt: stored.expiresAt as number,
    ...(typeof stored.sessionVersion === 'string' ? { sessionVersion: stored.sessionVersion } : {}),
  }
}

/** A new key and the record to store for it (the key itself is shown once and never stored). */
export function newApiKeyRecord(prefix: string, owner: { uid: string, name: string, roles: readonly string[] | undefined, expiresIn: number, sessionVersion: string | undefined, now: number }): { key: string, record: ApiKeyRecord } {
  const { id, secret, key } = newApiKey(prefix)
  const record: ApiKeyRecord = {
    id,
    uid: owner.uid,
    name: owner.name,
    roles: owner.roles === undefined ? null : [...new Set(owner.roles)],
    hash: hashSecret(secret),
    createdAt: owner.now,
    expiresAt: owner.now + owner.expiresIn,
    ...(owner.sessionVersion === undefined ? {} : { sessionVersion: owner.sessionVersion }),
  }
  return { key, record }
}

export function infoOf(record: ApiKeyRecord): ApiKeyInfo {
  const { hash: _hash, sessionVersion: _version, ...info } = record
  return info
}
