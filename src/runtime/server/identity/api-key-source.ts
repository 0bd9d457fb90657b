import { PREFIX } from '../../shared/names'
import { createLogThrottle } from '../../shared/logging/log-throttle'
import { nowInSeconds } from '../../shared/freshness/staleness'
import type { FreshnessSettings } from '../config'
import { readKeys } from '../freshness/store'
import { apiKeyReader, secretMatches } from './api-key-format'
import type { ApiKeyReader } from './api-key-format'
import { apiKeyStoreKey, readApiKeyRecord } from './api-key-record'
import type { ApiKeyRecord } from './api-key-record'
import type { Identity } from './identity'
import type { ApiKeySettings } from './api-key-settings'

export type { ApiKeySettings } from './api-key-settings'

/** A key that proved itself: who it stands for, before the owner's current roles are asked. */
export interface ApiKeyIdentity {
  identity: Identity
  key: ApiKeyRecord
}

// Per prefix, for the life of the process: the key pattern is compiled once.
const readers = new Map<string, ApiKeyReader>()

export function readerFor(prefix: string): ApiKeyReader {
  let reader = readers.get(prefix)
  if (!reader) {
    reader = apiKeyReader(prefix)
    readers.set(prefix, reader)
  }
  return reader
}

// One line per kind of refusal a minute: a client retrying a bad key must not flood the log.
const refusals = createLogThrottle(60_000)

/** Says why a key was refused, throttled; the key itself never appears, only its id once known. */
function logRefusal(kind: 'malformed' | 'unknown' | 'ended' | 'wrong secret', id?: string): void {
  const line = refusals.admit(kind, `${PREFIX} An API key was refused: ${kind}${id ? ` (id ${id})` : ''}.`)
  if (line) {
    console.warn(line)
  }
}

/**
 * The API-key source: the key from the request's key header. A malformed key is refused before
 * any store read; a well-formed one costs one read (its record, by the id in the key); its secret
 * is compared with the stored hash in constant time. Null when the key is not a live key of this
 * app. The owner's roles are not read here: they are the owner's current ones, asked like any
 * session's (see resolveCaller), and the stamp makes revokeSessions end the key.
 */
export async function apiKeyIdentity(credential: string, settings: ApiKeySettings, freshness: FreshnessSettings): Promise<ApiKeyIdentity | null> {
  const parts = readerFor(settings.prefix).parse(credential)
  if (!parts) {
    logRefusal('malformed')
    return null
  }
  const [stored] = await readKeys([apiKeyStoreKey(parts.id)], freshness.timeout, freshness.maxAge)
  const key = readApiKeyRecord(stored, parts.id)
  if (!key) {
    logRefusal('unknown', parts.id)
    return null
  }
  if (!secretMatches(parts.secret, key.hash)) {
    logRefusal('wrong secret', parts.id)
    return null
  }
  if (key.expiresAt <= nowInSeconds()) {
    logRefusal('ended', parts.id)
    return null
  }
  return {
    key,
    identity: {
      source: 'api-key',
      from: 'header',
      uid: key.uid,
      // The owner's current roles decide (fresh roles); the key's own list only narrows them.
      roles: [],
      // The roles resolver is asked by uid: a key carries no claims of its owner's session.
      claims: { sub: key.uid, uid: key.uid },
      issuedAt: key.createdAt,
      // Its end was checked above; revokeSessions is remembered as long as a key can live.
      expiresAt: undefined,
      // Never young roles (rolesAt 0): the owner's are read every request; revoked when the
      // owner's sessions version moved on since the key was made.
      stamp: { rolesAt: 0, ...(key.sessionVersion === undefined ? {} : { sessionVersion: key.sessionVersion }) },
    },
  }
}
