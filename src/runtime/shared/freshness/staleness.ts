import { isRecord } from '../is-record'

/**
 * When roles copied into a token (or into the shared cache) may still be used. All times are
 * whole seconds since the epoch, the unit of a JWT's `iat`/`exp`.
 */

/** Seconds a server's clock may run ahead of the one that stamped a token (jose's default for `exp`, too). */
export const CLOCK_TOLERANCE_SECONDS = 15

/** What the token records about its roles and session, next to the roles themselves. */
export interface FreshnessStamp {
  /** When the roles in the token were resolved. */
  rolesAt: number
  /** The user's roles version when they were resolved (absent: none was set). */
  rolesVersion?: string
  /** The user's sessions version at sign-in (absent: none was set). */
  sessionVersion?: string
  /**
   * Set when the session was refreshed while the store could not say whether it was revoked: the
   * expiry the token had before. next-auth extends a token on every refresh; one extended without
   * that check must not outlive its own revocation marker, so it ends at its old expiry unless a
   * refresh with the store up clears this.
   */
  unverifiedUntil?: number
}

/** The key under which the stamp travels in the encrypted token (server only). */
export const STAMP_KEY = 'rbacFreshness'

export function nowInSeconds(now = Date.now()): number {
  return Math.floor(now / 1000)
}

/** The stamp a token carries, or undefined when it has none or a malformed one. */
export function readStamp(token: Record<string, unknown>): FreshnessStamp | undefined {
  const raw = Object.hasOwn(token, STAMP_KEY) ? token[STAMP_KEY] : undefined
  if (!isRecord(raw) || !Number.isSafeInteger(raw.rolesAt)) {
    return undefined
  }
  const stamp: FreshnessStamp = { rolesAt: raw.rolesAt as number }
  if (typeof raw.rolesVersion === 'string') {
    stamp.rolesVersion = raw.rolesVersion
  }
  if (typeof raw.sessionVersion === 'string') {
    stamp.sessionVersion = raw.sessionVersion
  }
  if (Number.isSafeInteger(raw.unverifiedUntil)) {
    stamp.unverifiedUntil = raw.unverifiedUntil as number
  }
  return stamp
}

/** Whether a session refreshed during a store fault has outlived the expiry it had before. */
export function outlivedUnverified(stamp: FreshnessStamp | undefined, now: number): boolean {
  return stamp?.unverifiedUntil !== undefined && now >= stamp.unverifiedUntil
}

/**
 * Whether something resolved at `resolvedAt` is younger than `maxAge` seconds at `now`.
 * A time further in the future than the clock tolerance is not trusted: fail closed, re-resolve.
 */
export function isWithinAge(resolvedAt: number, now: number, maxAge: number): boolean {
  return resolvedAt <= now + CLOCK_TOLERANCE_SECONDS && now - resolvedAt < maxAge
}

/**
 * A version marker: the user's current version of something (roles, sessions), or undefined
 * when none is set or it has lapsed. Whatever was stamped with another version is out of date.
 */
export interface VersionMarker {
  version: string
  /** When it was written (seconds): credentials issued until then are revoked (see revokedSince). */
  at?: number
  /** When the marker lapses (seconds); drivers without TTLs keep it, so it is checked here too. */
  until: number
}

/** The live version in a stored marker, or undefined when there is none (missing, lapsed, malformed). */
export function liveVersion(stored: unknown, now: number): string | undefined {
  if (!isRecord(stored) || typeof stored.version !== 'string' || !Number.isSafeInteger(stored.until)) {
    return undefined
  }
  return (stored.until as number) > now ? stored.version : undefined
}

/**
 * Whether a credential the module did not stamp (a local JWT) was issued no later than the live
 * revocation in `stored` (written with the second it happened, `at`). A token issued in that same
 * second counts as revoked; so does one without an issue time, or a marker without `at`: fail closed.
 */
export function revokedSince(stored: unknown, issuedAt: number | undefined, now: number): boolean {
  if (liveVersion(stored, now) === undefined) {
    return false
  }
  const at = (stored as { at?: unknown }).at
  return issuedAt === undefined || !Number.isSafeInteger(at) || issuedAt <= (at as number)
}

/**
 * Whether a stamp taken under `stamped` still counts under the live version. No live version
 * means nothing was changed for as long as a stamp can be used, so every stamp counts.
 */
export function versionHolds(stamped: string | undefined, live: string | undefined): boolean {
  return live === undefined || stamped === live
}

/** Roles cached in the shared store for every instance, with what they were resolved under. */
export interface CachedRoles {
  /** The resolved roles, or null: the resolver said the user is gone. */
  roles: string[] | null
  rolesVersion?: string
  resolvedAt: number
}

/** The cached roles if they may still be used: young enough and resolved under the live version. */
export function usableCachedRoles(stored: unknown, live: string | undefined, now: number, maxAge: number): CachedRoles | undefined {
  if (!isRecord(stored) || !Number.isSafeInteger(stored.resolvedAt)) {
    return undefined
  }
  const roles = stored.roles
  if (roles !== null && !(Array.isArray(roles) && roles.every(role => typeof role === 'string'))) {
    return undefined
  }
  const rolesVersion = typeof stored.rolesVersion === 'string' ? stored.rolesVersion : undefined
  const cached: CachedRoles = { roles: roles as string[] | null, rolesVersion, resolvedAt: stored.resolvedAt as number }
  return isWithinAge(cached.resolvedAt, now, maxAge) && versionHolds(rolesVersion, live) ? cached : undefined
}
