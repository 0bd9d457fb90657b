import { createSecretKey } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { createRemoteJWKSet, errors, jwtVerify } from 'jose'
import type { JWTPayload, JWTVerifyGetKey } from 'jose'
import { PREFIX } from '../../shared/names'
import { RbacDependencyError } from '../faults'
import { createVerifiedTokens } from './verified-tokens'
import { isCompactJws } from './token-syntax'
import type { LocalVerifySettings } from './local-settings'

/** The verified payload of a token, or null when it is not one (forged, expired, another issuer…). */
export type LocalTokenVerifier = (token: string) => Promise<JWTPayload | null>

/** Seconds between two fetches of the key set for a token whose `kid` it does not know. */
const UNKNOWN_KID_REFETCH_FLOOR_MS = 30_000
/** How long a fetched key set is used before it is fetched again. */
const KEY_SET_MAX_AGE_MS = 10 * 60_000

/**
 * A verifier with its key prepared once: the secret imported, or the remote key set fetched on
 * first use, cached, and fetched again for an unknown `kid` no more than once per floor. A key set
 * that cannot be fetched is a dependency fault (503), never a pass and never "no session".
 */
export function createLocalVerifier(settings: LocalVerifySettings): LocalTokenVerifier {
  const key = settings.secret !== undefined ? secretKey(settings.secret) : remoteKeys(settings)
  const options = {
    algorithms: settings.algorithms,
    issuer: settings.issuer,
    audience: settings.audience,
    clockTolerance: settings.clockTolerance,
  }
  const verified = createVerifiedTokens<JWTPayload>(settings.clockTolerance)
  return async (token) => {
    const known = verified.get(token)
    if (known) {
      return known
    }
    // Before any cryptography: jose would verify other spellings of a token too (see token-syntax.ts).
    if (!isCompactJws(token)) {
      return null
    }
    // A token without an end would outlive every revocation. (One without `iat` is refused where
    // sessions can be revoked: see currentRoles.) A new list per call: jose 4 pushes `iss`/`aud` onto the one it is
    // given, so a shared list would grow by two entries, and every check slow down, per request.
    const verifyOptions = { ...options, requiredClaims: ['exp'] }
    try {
      const { payload } = typeof key === 'function' ? await jwtVerify(token, key, verifyOptions) : await jwtVerify(token, key, verifyOptions)
      // Revocation counts against `iat` (jose checks only that it is a number): a token that says
      // it was issued later than now would escape every revocation of its user until then.
      return payload.iat !== undefined && payload.iat > Math.floor(Date.now() / 1000) + settings.clockTolerance ? null : verified.keep(token, payload)
    }
    catch (error) {
      if (error instanceof RbacDependencyError) {
        throw error
      }
      if (isTokenError(error)) {
        return null
      }
      throw error
    }
  }
}

// Process-wide: the configuration is wrong for every request, so it is said once.
let emptySecretSaid = false

function secretKey(secret: string): KeyObject {
  if (secret === '') {
    // Every token would fail to verify; say why instead of answering 401 forever.
    if (!emptySecretSaid) {
      emptySecretSaid = true
      console.error(`${PREFIX} rbac.local.verify.secret is empty: every request with a token answers 500. Set NUXT_RBAC_LOCAL_VERIFY_SECRET to the secret your backend signs with.`)
    }
    throw new Error(`${PREFIX} rbac.local.verify.secret is empty (NUXT_RBAC_LOCAL_VERIFY_SECRET)`)
  }
  return createSecretKey(Buffer.from(secret, 'utf8'))
}

function remoteKeys(settings: LocalVerifySettings): JWTVerifyGetKey {
  const keySet = createRemoteJWKSet(new URL(settings.jwks!), {
    timeoutDuration: settings.timeout,
    cooldownDuration: UNKNOWN_KID_REFETCH_FLOOR_MS,
    cacheMaxAge: KEY_SET_MAX_AGE_MS,
  })
  return async (header, token) => {
    try {
      return await keySet(header, token)
    }
    catch (error) {
      // No key for the token's `kid` (after a refetch, or within the floor): the token's fault.
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
        throw error
      }
      // Anything else is the key set's: unreachable, too slow, not 200, not a key set.
      throw new RbacDependencyError('identity', 'could not provide its signing keys', { cause: error })
    }
  }
}

function isTokenError(error: unknown): boolean {
  // jose's errors carry a `code` (ERR_JWS_SIGNATURE_VERIFICATION_FAILED, ERR_JWT_EXPIRED,
  // ERR_JOSE_ALG_NOT_ALLOWED…); a malformed compact token fails in decoding with a TypeError.
  const code = (error as { code?: unknown } | null)?.code
  return (typeof code === 'string' && code.startsWith('ERR_J')) || error instanceof TypeError || error instanceof SyntaxError
}
