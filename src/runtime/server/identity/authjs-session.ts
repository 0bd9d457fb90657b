import { createError } from 'h3'
import type { JWT } from 'next-auth/jwt'
import { PREFIX } from '../../shared/names'
import { isSessionClaims } from '../../shared/session/session-claims'
import { tokenUid } from '../../shared/session/token-uid'
import { readAssignedRoles } from '../../shared/roles/known-roles'
import { readStamp } from '../../shared/freshness/staleness'
import { CLOCK_TOLERANCE_SECONDS, decodeSessionToken } from './authjs-codec'
import { createVerifiedTokens } from './verified-tokens'
import type { CredentialCarrier, Identity } from './identity'
import { cookieFromThisOrigin } from './request-credentials'
import type { RequestCredentials } from './request-credentials'
import { sessionCookieValue } from './cookie-value'
import { isCompactDirJwe } from './token-syntax'
import { useRuntimeConfig } from '#imports'

/**
 * The authjs source: next-auth's session cookie, a JWE sealed with the auth secret; with
 * `rbac.bearer`, also the same token in `Authorization: Bearer` (see authjsBearerIdentity).
 */

const SESSION_COOKIE = 'next-auth.session-token'
const SECURE_SESSION_COOKIE = `__Secure-${SESSION_COOKIE}`

/**
 * The caller next-auth's session cookie names (a JWE, possibly split in chunks `name.0`, `name.1`,
 * …, joined in the order sent, as next-auth does), or null for a missing, expired, tampered or
 * foreign cookie, and for one that decodes but names no user (see isSessionClaims).
 * On a websocket upgrade the cookie counts only from this origin: next-auth's cookie is SameSite=lax,
 * which a sibling subdomain's page still sends, and that page would read the socket (see
 * cookieFromThisOrigin). Ordinary requests are left to next-auth's cookie rules.
 */
export async function authjsIdentity(credentials: RequestCredentials, knownRoles: ReadonlySet<string>): Promise<Identity | null> {
  if (credentials.websocket && !cookieFromThisOrigin(credentials)) {
    return null
  }
  const token = await readSessionCookie(credentials)
  return token ? identityOfToken(token, 'cookie', knownRoles) : null
}

/**
 * `rbac.bearer`: the session token sent as `Authorization: Bearer <token>`, as next-auth's
 * `getToken` accepts it (taken as sent: a JWE has nothing to URI-decode, and next-auth's decoding
 * throws on `%`). Null when it is not a current session token of this app.
 */
export async function authjsBearerIdentity(token: string, knownRoles: ReadonlySet<string>): Promise<Identity | null> {
  const claims = await decodeSession(token)
  return claims ? identityOfToken(claims, 'header', knownRoles) : null
}

/** What a decoded next-auth token says about its user. */
export function identityOfToken(token: Record<string, unknown>, from: CredentialCarrier, knownRoles: ReadonlySet<string>): Identity {
  const { iat, exp } = token as { iat?: unknown, exp?: unknown }
  return {
    source: 'authjs',
    from,
    uid: tokenUid(token),
    roles: readAssignedRoles(token, knownRoles),
    claims: token,
    issuedAt: typeof iat === 'number' ? iat : undefined,
    expiresAt: typeof exp === 'number' ? exp : undefined,
    stamp: readStamp(token),
  }
}

/** The decoded session token from the request's Cookie header, or null (see authjsIdentity). */
export async function readSessionCookie({ cookie, https }: Pick<RequestCredentials, 'cookie' | 'https'>): Promise<JWT | null> {
  const { secureCookies } = useSessionSettings()
  const name = (secureCookies ?? https) ? SECURE_SESSION_COOKIE : SESSION_COOKIE
  const value = sessionCookieValue(cookie, name)
  return value ? await decodeSession(value) : null
}

// Sessions this process decoded: one secret per process, so one cache (see createVerifiedTokens).
const decoded = createVerifiedTokens<JWT>(CLOCK_TOLERANCE_SECONDS)

/** A session token's claims, or null when it is not a current session sealed with the auth secret. */
async function decodeSession(value: string): Promise<JWT | null> {
  const { secret } = useSessionSettings()
  const key = secret()
  const known = decoded.get(value)
  if (known) {
    return known
  }
  // Before any cryptography: jose would decrypt other spellings of a token too (see token-syntax.ts).
  if (!isCompactDirJwe(value)) {
    return null
  }
  try {
    const claims = await decodeSessionToken(value, key)
    // Decoding proves the key, not that the token is a session (see isSessionClaims).
    return isSessionClaims(claims) ? decoded.keep(value, claims) : null
  }
  catch (error) {
    // A token that does not decrypt or has expired is an expected input: no session.
    if (isTokenError(error)) {
      warnOnceAboutSecret(error)
      return null
    }
    throw error
  }
}

// Process-wide, not per request: the one hint is said once per server start.
let secretHintGiven = false

/**
 * A well-formed token that fails its integrity check was sealed with another secret: a forgery,
 * or — when every signed-in request answers 401 — a server whose guards and NuxtAuthHandler use
 * different secrets (say `AUTH_SECRET` for one and `NUXT_AUTH_SECRET` for the other). Said once.
 */
function warnOnceAboutSecret(error: unknown): void {
  if (secretHintGiven || (error as { code?: unknown } | null)?.code !== 'ERR_JWE_DECRYPTION_FAILED') {
    return
  }
  secretHintGiven = true
  console.warn(`${PREFIX} A session cookie did not decrypt with runtimeConfig.authSecret (NUXT_AUTH_SECRET). If signed-in users get 401 from guarded routes, NuxtAuthHandler seals sessions with another secret: pass secret: useRuntimeConfig().authSecret to NuxtAuthHandler and set NUXT_AUTH_SECRET. (Said once; a forged cookie causes this too.)`)
}

function isTokenError(error: unknown): boolean {
  // jose's errors carry a `code` (ERR_JWE_INVALID, ERR_JWT_EXPIRED, ERR_JWE_DECRYPTION_FAILED…);
  // a malformed compact token fails before that with a TypeError or SyntaxError from decoding.
  const code = (error as { code?: unknown } | null)?.code
  return (typeof code === 'string' && code.startsWith('ERR_J')) || error instanceof TypeError || error instanceof SyntaxError
}

/** How the session cookie is read, settled once per process. */
interface SessionSettings {
  /** The auth secret; throws (500) in production when none is set. */
  secret: () => string
  /** Whether next-auth names its cookie `__Secure-…`, when its origin says so; undefined: by request protocol. */
  secureCookies: boolean | undefined
}

let settings: SessionSettings | undefined

function useSessionSettings(): SessionSettings {
  if (!settings) {
    const config = useRuntimeConfig()
    const configured = typeof config.authSecret === 'string' && config.authSecret !== '' ? config.authSecret : undefined
    // The same development fallback @sidebase/nuxt-auth uses when NuxtAuthHandler gets no secret.
    const secret = configured ?? (process.env.NODE_ENV === 'production' ? undefined : 'secret')
    const auth = config.public.auth as { baseURL?: string, originEnvKey?: string } | undefined
    const origin = (auth?.originEnvKey ? process.env[auth.originEnvKey] : undefined) || auth?.baseURL || ''
    settings = {
      secret: () => secret ?? missingSecret(),
      secureCookies: /^https?:\/\//.test(origin) ? origin.startsWith('https://') : undefined,
    }
  }
  return settings
}

let missingSecretLogged = false

function missingSecret(): never {
  if (!missingSecretLogged) {
    missingSecretLogged = true
    console.error(`${PREFIX} No auth secret in production: every guarded request answers 500. Set NUXT_AUTH_SECRET (runtimeConfig.authSecret) and pass it to NuxtAuthHandler.`)
  }
  throw createError({
    statusCode: 500,
    statusMessage: 'Internal Server Error',
    message: `${PREFIX} No auth secret: set runtimeConfig.authSecret (NUXT_AUTH_SECRET) and pass it to NuxtAuthHandler.`,
  })
}
