import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * An API key as the client holds it: `<prefix>_<id>_<secret>`. The prefix names the app (secret
 * scanners and people recognise a leaked key by it); the id, 16 lower-case hex digits, names the
 * stored record, so a key is found with one read and never by its secret; the secret is 32 random
 * bytes, base64url. Only SHA-256 of the secret is stored.
 */

const ID_BYTES = 8
const SECRET_BYTES = 32
const ID_PATTERN = '[0-9a-f]{16}'
// 32 bytes are 43 base64url characters; the last carries 4 bits only, so only some letters can end it.
const SECRET_PATTERN = '[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]'

/** What a well-formed key is made of. */
export interface ApiKeyParts {
  id: string
  secret: string
}

/** A prefix names the app: a lower-case letter, then up to 15 lower-case letters or digits. */
export function isApiKeyPrefix(prefix: unknown): prefix is string {
  return typeof prefix === 'string' && /^[a-z][a-z0-9]{0,15}$/.test(prefix)
}

/** Reads keys of one prefix; the pattern is built once per prefix, never per request. */
export interface ApiKeyReader {
  /** Whether the credential claims to be one of this app's keys (it may still be malformed). */
  claims: (credential: string) => boolean
  /** The key's parts, or undefined for anything that is not exactly a well-formed key. */
  parse: (credential: string) => ApiKeyParts | undefined
}

export function apiKeyReader(prefix: string): ApiKeyReader {
  const start = `${prefix}_`
  const length = start.length + 16 + 1 + 43
  const pattern = new RegExp(`^${prefix}_(${ID_PATTERN})_(${SECRET_PATTERN})$`)
  return {
    claims: credential => credential.startsWith(start),
    parse(credential) {
      // The length first: a long header never reaches the pattern.
      const match = credential.length === length ? pattern.exec(credential) : null
      return match ? { id: match[1]!, secret: match[2]! } : undefined
    },
  }
}

/** A new key: its parts and what the client is given once. */
export function newApiKey(prefix: string): ApiKeyParts & { key: string } {
  const id = randomBytes(ID_BYTES).toString('hex')
  const secret = randomBytes(SECRET_BYTES).toString('base64url')
  return { id, secret, key: `${prefix}_${id}_${secret}` }
}

/** What is stored instead of the secret. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('base64url')
}

/** Whether the secret hashes to the stored hash, compared in constant time. */
export function secretMatches(secret: string, storedHash: unknown): boolean {
  if (typeof storedHash !== 'string') {
    return false
  }
  const expected = Buffer.from(storedHash, 'base64url')
  const actual = createHash('sha256').update(secret, 'utf8').digest()
  return expected.length === actual.length && timingSafeEqual(expected, actual)
}
