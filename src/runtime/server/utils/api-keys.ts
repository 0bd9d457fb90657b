import { CLOCK_TOLERANCE_SECONDS, liveVersion, nowInSeconds, versionHolds } from '../../shared/freshness/staleness'
import { userKeys } from '../../shared/freshness/store-keys'
import { isRecord } from '../../shared/is-record'
import { PREFIX } from '../../shared/names'
import type { Role } from '../../shared/types'
import { useRbacServerConfig } from '../config'
import type { FreshnessSettings } from '../config'
import { readKeys, writeKey } from '../freshness/store'
import { apiKeyStoreKey, infoOf, newApiKeyRecord, ownerIndexKey, readApiKeyRecord } from '../identity/api-key-record'
import type { ApiKeyInfo, ApiKeyRecord } from '../identity/api-key-record'
import type { ApiKeySettings } from '../identity/api-key-source'

export type { ApiKeyInfo } from '../identity/api-key-record'

export interface CreateApiKeyOptions {
  /** What the owner calls it ("CI deploy", "reporting script"); shown in lists and in `getRbac().apiKey`. */
  name: string
  /**
   * Narrows the key to these roles (inheritance applies). The key never holds a role its owner
   * lacks at the time of the request, whatever is listed here. @default all of the owner's roles
   */
  roles?: readonly Role[]
  /** Seconds until the key ends. @default rbac.apiKeys.defaultExpiresIn (90 days); at most rbac.apiKeys.maxExpiresIn */
  expiresIn?: number
}

/** A new key: what the owner sees once (`key`), and what the app may keep showing. */
export interface CreatedApiKey extends ApiKeyInfo {
  /** The key itself. Shown once: only a hash of its secret is stored, it cannot be shown again. */
  key: string
}

const MAX_NAME_LENGTH = 100
// Bounds what one user can make the store and their index hold.
const MAX_KEYS_PER_USER = 100
const ID = /^[0-9a-f]{16}$/

/**
 * Creates an API key for the user: sent as `Authorization: Bearer <key>`, it acts for its owner
 * with at most the owner's current roles (asked from the roles resolver like a session's), on
 * every server sharing the `rbac` storage mount. Only a hash of its secret is stored.
 * @example const { key } = await createApiKey(user.id, { name: 'CI deploy', roles: ['editor'], expiresIn: 30 * 86400 })
 */
export async function createApiKey(uid: string | number, options: CreateApiKeyOptions): Promise<CreatedApiKey> {
  const { apiKeys, freshness, knownRoles } = apiKeyConfig('createApiKey')
  const keys = ownerKeys('createApiKey', uid)
  const { name, roles, expiresIn = apiKeys.defaultExpiresIn } = options ?? {} as CreateApiKeyOptions
  if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME_LENGTH) {
    throw new TypeError(`${PREFIX} createApiKey() needs a name (1 to ${MAX_NAME_LENGTH} characters), got ${JSON.stringify(name)}.`)
  }
  if (roles !== undefined && (!Array.isArray(roles) || roles.length === 0 || !roles.every(role => typeof role === 'string' && knownRoles.has(role)))) {
    throw new TypeError(`${PREFIX} createApiKey() roles must be a non-empty list from rbac.roles (${[...knownRoles].join(', ')}), got ${JSON.stringify(roles)}; leave it out for all of the owner's roles.`)
  }
  if (!Number.isSafeInteger(expiresIn) || expiresIn <= 0 || expiresIn > apiKeys.maxExpiresIn) {
    throw new TypeError(`${PREFIX} createApiKey() expiresIn must be whole seconds between 1 and rbac.apiKeys.maxExpiresIn (${apiKeys.maxExpiresIn}), got ${JSON.stringify(expiresIn)}.`)
  }
  const now = nowInSeconds()
  const [sessionMarker, index] = await readKeys([keys.sessions, keys.index], freshness.timeout, freshness.maxAge)
  const { key, record } = newApiKeyRecord(apiKeys.prefix, { uid: String(uid), name, roles, expiresIn, sessionVersion: liveVersion(sessionMarker, now), now })
  const id = record.id
  const kept = await liveIds(indexIds(index), freshness, now)
  if (kept.length >= MAX_KEYS_PER_USER) {
    throw new Error(`${PREFIX} createApiKey(): the user already has ${MAX_KEYS_PER_USER} live keys. Revoke some first.`)
  }
  await writeKey(apiKeyStoreKey(id), { ...record }, expiresIn + CLOCK_TOLERANCE_SECONDS, freshness.timeout)
  // Read, then written: two keys made for one user at the same instant on two servers may leave one
  // out of listApiKeys (it still works, ends, and is revoked like any other).
  await writeKey(keys.index, { ids: [...kept, id] }, apiKeys.maxExpiresIn + CLOCK_TOLERANCE_SECONDS, freshness.timeout)
  return { ...infoOf(record), key }
}

/**
 * The user's live keys (never their secrets), oldest first: not revoked, not ended, not made
 * before a revokeSessions of their owner.
 * @example return await listApiKeys(user.id)
 */
export async function listApiKeys(uid: string | number): Promise<ApiKeyInfo[]> {
  const { freshness } = apiKeyConfig('listApiKeys')
  const keys = ownerKeys('listApiKeys', uid)
  const [sessionMarker, index] = await readKeys([keys.sessions, keys.index], freshness.timeout, freshness.maxAge)
  const ids = indexIds(index)
  if (ids.length === 0) {
    return []
  }
  const stored = await readKeys(ids.map(apiKeyStoreKey), freshness.timeout, freshness.maxAge)
  const now = nowInSeconds()
  const live = liveVersion(sessionMarker, now)
  return ids
    .map((id, at) => readApiKeyRecord(stored[at], id))
    .filter((record): record is ApiKeyRecord => record !== undefined && record.uid === String(uid) && record.expiresAt > now && versionHolds(record.sessionVersion, live))
    .sort((a, b) => a.createdAt - b.createdAt)
    .map(infoOf)
}

/**
 * Ends a key at once, on every server sharing the `rbac` storage mount. With `owner`, only that
 * user's key is revoked (an endpoint that lets users revoke their own keys passes their id, so
 * an id from the request cannot end someone else's). Resolves to whether a live key was revoked.
 * Every key of a user also ends with `revokeSessions(uid)`.
 * @example await revokeApiKey(getRouterParam(event, 'id')!, { owner: session.uid })
 */
export async function revokeApiKey(id: string, options: { owner?: string | number } = {}): Promise<boolean> {
  const { freshness } = apiKeyConfig('revokeApiKey')
  if (typeof id !== 'string' || !ID.test(id)) {
    return false
  }
  const [stored] = await readKeys([apiKeyStoreKey(id)], freshness.timeout, freshness.maxAge)
  const record = readApiKeyRecord(stored, id)
  const now = nowInSeconds()
  if (!record || record.expiresAt <= now || (options.owner !== undefined && record.uid !== String(options.owner))) {
    return false
  }
  // Kept until the key would have ended anyway: nothing can bring it back before then.
  await writeKey(apiKeyStoreKey(id), { revoked: true, id }, record.expiresAt - now + CLOCK_TOLERANCE_SECONDS, freshness.timeout)
  return true
}

function apiKeyConfig(name: string): { apiKeys: ApiKeySettings, freshness: FreshnessSettings, knownRoles: ReadonlySet<string> } {
  const { apiKeys, freshness, knownRoles } = useRbacServerConfig()
  if (!apiKeys) {
    throw new Error(`${PREFIX} ${name}() needs API keys turned on: rbac: { apiKeys: { prefix: 'myapp' } } in nuxt.config.`)
  }
  if (!freshness) {
    throw new Error(`${PREFIX} ${name}() needs a roles resolver (server/rbac-roles.ts): a key carries its owner's current roles, and only the resolver knows them.`)
  }
  return { apiKeys, freshness, knownRoles }
}

function ownerKeys(name: string, uid: string | number): { sessions: string, index: string } {
  const keys = (typeof uid === 'string' || (typeof uid === 'number' && Number.isFinite(uid))) ? userKeys(String(uid)) : undefined
  if (!keys) {
    throw new TypeError(`${PREFIX} ${name}() takes a user id (a non-empty string or a number), got ${JSON.stringify(uid)}.`)
  }
  return { sessions: keys.sessions, index: ownerIndexKey(keys.sessions) }
}

function indexIds(stored: unknown): string[] {
  const ids = isRecord(stored) && Array.isArray(stored.ids) ? stored.ids : []
  return ids.filter((id): id is string => typeof id === 'string' && ID.test(id))
}

/** The ids whose keys still exist and have not ended (what the owner's index keeps). */
async function liveIds(ids: string[], freshness: FreshnessSettings, now: number): Promise<string[]> {
  if (ids.length === 0) {
    return []
  }
  const stored = await readKeys(ids.map(apiKeyStoreKey), freshness.timeout, freshness.maxAge)
  return ids.filter((id, at) => (readApiKeyRecord(stored[at], id)?.expiresAt ?? 0) > now)
}
