import type { H3Event } from 'h3'
import { getRequestProtocol } from 'h3'
import type { JWT } from 'next-auth/jwt'
import { useSessionSettings } from './session-settings'
import { decodeSessionToken } from './session-codec'
import { sessionCookieValue } from './session-cookie'
import { PREFIX } from '../../shared/names'
import { isSessionClaims } from '../../shared/session/session-claims'

const SESSION_COOKIE = 'next-auth.session-token'
const SECURE_SESSION_COOKIE = `__Secure-${SESSION_COOKIE}`

/**
 * Decodes next-auth's session cookie (a JWE, possibly split in chunks `name.0`, `name.1`, …,
 * joined in the order sent, as next-auth does). Returns null for a missing, expired, tampered or
 * foreign cookie, and for one that decodes but names no user (see isSessionClaims). Only the cookie counts: an `Authorization` header is not read.
 */
export function readSessionToken(event: H3Event): Promise<JWT | null> {
  return readSessionCookie({ cookie: event.node.req.headers.cookie, https: getRequestProtocol(event) === 'https' })
}

/** What identifies the caller of a request, whatever carried it (an h3 event, a websocket upgrade). */
export interface RequestCredentials {
  /** The Cookie header. */
  cookie: string | undefined
  /** Whether the request came over https (next-auth then names its cookie `__Secure-…`). */
  https: boolean
}

/** As readSessionToken, from the request's Cookie header. */
export async function readSessionCookie({ cookie, https }: RequestCredentials): Promise<JWT | null> {
  const { secret, secureCookies } = useSessionSettings()
  const name = (secureCookies ?? https) ? SECURE_SESSION_COOKIE : SESSION_COOKIE
  const value = sessionCookieValue(cookie, name)
  if (!value) {
    return null
  }
  try {
    const claims = await decodeSessionToken(value, secret())
    // Decoding proves the key, not that the token is a session (see isSessionClaims).
    return isSessionClaims(claims) ? claims : null
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
