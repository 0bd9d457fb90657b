// Tokens like the ones an app's own backend issues, for apps on nuxt-auth's local provider: part
// of `nuxt-auth-rbac/test-utils` (src/test-utils.ts).
import { SignJWT } from 'jose'
import type { KeyLike } from 'jose'
import { nowInSeconds } from '../runtime/shared/freshness/staleness'
import { claimPath, isClaimPath } from '../runtime/shared/identity/claims'
import { PREFIX } from '../runtime/shared/names'
import { TEST_UID } from './test-user'
import type { TestUser } from './test-user'

/** How `localToken` signs: what your backend (or identity provider) would sign with, and the claims it sets. */
export interface LocalTokenOptions {
  /**
   * The shared secret the backend signs with (HS256/384/512).
   * @default process.env.NUXT_RBAC_LOCAL_VERIFY_SECRET
   */
  secret?: string
  /**
   * A private key instead of a secret, for an app that verifies with a JWKS (RS*, PS*, ES*, EdDSA):
   * from jose's `generateKeyPair`, `importPKCS8` or `importJWK`. Give `algorithm` with it.
   */
  privateKey?: KeyLike
  /** The signing algorithm. @default 'HS256' with a secret; required with a private key */
  algorithm?: string
  /** The key id (`kid`) in the header: which key of the key set verifies the token. */
  kid?: string
  /** The `iss` claim, as `rbac.local.verify.issuer` requires it. */
  issuer?: string
  /** The `aud` claim, as `rbac.local.verify.audience` requires it. */
  audience?: string | string[]
  /** Seconds until the token expires; negative for a token that has already expired. @default 3600 */
  expiresIn?: number
  /**
   * Where the roles go, as `rbac.local.rolesClaim` reads them: a name, a dot path or a JSON pointer.
   * A claim named `scope` holds them space-separated, as OAuth does; any other an array.
   * @default 'roles'
   */
  rolesClaim?: string
  /** Where the user id goes, as `rbac.local.uidClaim` reads it. @default 'sub' */
  uidClaim?: string
}

const LOCAL_TOKEN_SECONDS = 3600

/**
 * A JWT like the one your backend issues at sign-in, for testing guarded routes of an app on
 * nuxt-auth's `local` provider without the backend: signed with the secret the server verifies
 * with (HS256 by default), or with a private key whose public half your test serves as the JWKS.
 * `iat` is now; `exp` is `expiresIn` seconds later.
 * @example
 * const token = await localToken({ role: 'admin', uid: '1' }, { secret: 'test-secret', issuer: 'https://api.example.com', audience: 'web' })
 * await $fetch('/api/admin/stats', { headers: bearer(token) })
 * @example
 * const { privateKey } = await generateKeyPair('RS256')
 * const token = await localToken({ roles: ['editor'] }, { privateKey, algorithm: 'RS256', kid: 'test-key', rolesClaim: 'realm_access.roles' })
 */
export async function localToken(user: TestUser, options: LocalTokenOptions = {}): Promise<string> {
  const { role, roles, uid = TEST_UID, ...rest } = user
  const claims: Record<string, unknown> = { ...rest }
  const rolesClaim = options.rolesClaim ?? 'roles'
  const allRoles = roles ?? (role === undefined ? [] : [role])
  const rolesSegments = claimSegments('rolesClaim', rolesClaim)
  placeClaim(claims, rolesSegments, rolesSegments.at(-1) === 'scope' ? allRoles.join(' ') : allRoles)
  placeClaim(claims, claimSegments('uidClaim', options.uidClaim ?? 'sub'), uid)
  const { key, algorithm } = signingKey(options)
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: algorithm, typ: 'JWT', ...(options.kid === undefined ? {} : { kid: options.kid }) })
    .setIssuedAt()
    .setExpirationTime(nowInSeconds() + (options.expiresIn ?? LOCAL_TOKEN_SECONDS))
  if (options.issuer !== undefined) {
    jwt.setIssuer(options.issuer)
  }
  if (options.audience !== undefined) {
    jwt.setAudience(options.audience)
  }
  return await jwt.sign(key)
}

function signingKey(options: LocalTokenOptions): { key: KeyLike | Uint8Array, algorithm: string } {
  if (options.privateKey !== undefined) {
    if (options.secret !== undefined || options.algorithm === undefined) {
      throw new TypeError(`${PREFIX} localToken: a privateKey takes an algorithm ('RS256', 'ES256', …) and no secret.`)
    }
    return { key: options.privateKey, algorithm: options.algorithm }
  }
  const secret = options.secret ?? process.env.NUXT_RBAC_LOCAL_VERIFY_SECRET
  if (!secret) {
    throw new TypeError(`${PREFIX} localToken needs the secret the server verifies with: pass { secret } or set NUXT_RBAC_LOCAL_VERIFY_SECRET.`)
  }
  return { key: new TextEncoder().encode(secret), algorithm: options.algorithm ?? 'HS256' }
}

function claimSegments(option: string, path: string): string[] {
  if (!isClaimPath(path)) {
    throw new TypeError(`${PREFIX} localToken: ${option} ${JSON.stringify(path)} is not a claim path.`)
  }
  return claimPath(path)
}

/** Sets the value at the path, creating the objects on the way (`realm_access` for `realm_access.roles`). */
function placeClaim(claims: Record<string, unknown>, segments: readonly string[], value: unknown): void {
  let target = claims
  for (const segment of segments.slice(0, -1)) {
    const next = Object.hasOwn(target, segment) ? target[segment] : undefined
    target = target[segment] = (typeof next === 'object' && next !== null && !Array.isArray(next)) ? next as Record<string, unknown> : {}
  }
  target[segments.at(-1)!] = value
}

/**
 * A `Cookie` header value with the token where nuxt-auth's local provider keeps it (`auth.token`, or
 * `auth.provider.token.cookieName`): what a browser sends on page loads and same-origin `$fetch`.
 * @example
 * const cookie = localTokenCookie(await localToken({ role: 'admin' }, { secret }))
 * await fetch(url('/admin'), { headers: { cookie } })
 */
export function localTokenCookie(token: string, options: { cookieName?: string } = {}): string {
  return `${options.cookieName ?? 'auth.token'}=${encodeURIComponent(token)}`
}
