import { claimPath, rolesFromClaim, uidFromClaim } from '../../shared/identity/claims'
import { createLocalVerifier } from './local-verify'
import { createLocalIntrospector } from './local-introspect'
import type { CredentialCarrier, Identity } from './identity'
import { cookieFromThisOrigin, credentialAfterScheme, hasScheme } from './request-credentials'
import type { RequestCredentials } from './request-credentials'
import { uriEncodedCookieValue } from './cookie-value'
import type { LocalSettings } from './local-settings'
import { isBearerToken } from './token-syntax'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

interface PreparedLocal {
  /** The claims a token stands for (verified, or answered by the backend), or null. */
  claimsOf: (token: string) => Promise<Record<string, unknown> | null>
  roles: string[]
  uid: string[]
}

// Per configuration object, for the life of the process: keys are imported once, never per request.
const prepared = new WeakMap<LocalSettings, PreparedLocal>()

function prepare(settings: LocalSettings): PreparedLocal {
  let ready = prepared.get(settings)
  if (!ready) {
    // Throws for an empty secret: the request answers 500.
    const claimsOf = settings.introspect
      ? createLocalIntrospector(settings.introspect, { name: settings.headerName, type: settings.headerType })
      : createLocalVerifier(settings.verify!)
    ready = { claimsOf, roles: claimPath(settings.rolesClaim), uid: claimPath(settings.uidClaim) }
    prepared.set(settings, ready)
  }
  return ready
}

/**
 * The local source: the token the app's backend issued (a JWT, or an opaque token it is asked about), from the `Authorization` header (what
 * nuxt-auth's client and mobile apps send) or else nuxt-auth's token cookie (SSR, same-origin
 * `$fetch`). A request with the header (in the provider's scheme) is decided by it alone. A JWT is verified here, never
 * trusted for its shape: signature, algorithm allow-list, issuer, audience, expiry. Null when there
 * is no valid token; a cookie-borne request with an unsafe method from another site carries none.
 */
export async function localIdentity(credentials: RequestCredentials, settings: LocalSettings, knownRoles: ReadonlySet<string>): Promise<Identity | null> {
  const found = readToken(credentials, settings)
  if (!found) {
    return null
  }
  const local = prepare(settings)
  const claims = await local.claimsOf(found.token)
  if (!claims) {
    return null
  }
  const uid = uidFromClaim(claims, local.uid)
  if (uid === undefined) {
    // A token that names no user was not issued as a session.
    return null
  }
  return {
    source: 'local',
    from: found.from,
    uid,
    roles: rolesFromClaim(claims, local.roles, knownRoles),
    claims,
    issuedAt: typeof claims.iat === 'number' ? claims.iat : undefined,
    expiresAt: typeof claims.exp === 'number' ? claims.exp : undefined,
    stamp: undefined,
    selfContained: settings.verify !== undefined,
  }
}

function readToken(credentials: RequestCredentials, settings: LocalSettings): { token: string, from: CredentialCarrier } | undefined {
  const header = credentials.header(settings.headerName)
  // Only the provider's scheme is a credential here: a staging site's `Authorization: Basic`, which
  // browsers send with every request, must not hide the cookie. A malformed Bearer header does.
  if (header !== undefined && (settings.headerType === '' ? header.trim() !== '' : hasScheme(header, settings.headerType))) {
    const token = credentialAfterScheme(header, settings.headerType)
    return token && isBearerToken(token) ? { token, from: 'header' } : undefined
  }
  const cookie = uriEncodedCookieValue(credentials.cookie, settings.cookieName)
  // A cookie that is no token (CR, LF, NUL, a quote…, once URI-decoded) is never sent to the backend.
  if (!cookie || !isBearerToken(cookie) || !sameOriginOrSafe(credentials)) {
    return undefined
  }
  return { token: cookie, from: 'cookie' }
}

/**
 * The local provider's cookie is SameSite=lax and readable by scripts: a cookie-borne request that
 * changes something, and every websocket upgrade (whose answers a page of another origin could read),
 * must come from this origin (see cookieFromThisOrigin).
 */
function sameOriginOrSafe(credentials: RequestCredentials): boolean {
  return (SAFE_METHODS.has(credentials.method) && !credentials.websocket) || cookieFromThisOrigin(credentials)
}
