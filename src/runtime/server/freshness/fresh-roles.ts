import type { H3Event } from 'h3'
import { CLOCK_TOLERANCE_SECONDS, isWithinAge, liveVersion, nowInSeconds, outlivedUnverified, revokedSince, usableCachedRoles, versionHolds } from '../../shared/freshness/staleness'
import type { FreshnessStamp } from '../../shared/freshness/staleness'
import { userKeys } from '../../shared/freshness/store-keys'
import type { UserKeys } from '../../shared/freshness/store-keys'
import { PREFIX } from '../../shared/names'
import type { FreshnessSettings, RbacServerConfig } from '../config'
import type { Identity } from '../identity/identity'
import type { RbacSessionToken } from '../../shared/types'
import { readKeys, writeKey } from './store'
import { resolveRoles } from './roles-resolver'

/** The roles a session may use now, or why it may not be used at all. */
export type CurrentRoles
  = | { valid: true, roles: string[], stamp: FreshnessStamp, resolved: boolean }
    | { valid: false, reason: 'revoked' | 'gone' | 'no-user' | 'too-long' | 'no-issue-time' | 'unverified' }

type FreshConfig = Pick<RbacServerConfig, 'knownRoles'> & { freshness: FreshnessSettings }

/**
 * The session's roles, never older than `freshness.maxAge`, and whether the session still stands
 * (not revoked, user not gone). Reads the store once: the user's two version markers, and the
 * cached roles only when the token's own are out of date. Throws RbacDependencyError when the
 * store or the resolver fails.
 *
 * A session the module stamped (authjs) is revoked when the user's sessions version moved on
 * since its sign-in; one it did not write (a local JWT) when it was issued before the revocation.
 */
export async function currentRoles(identity: Identity, event: H3Event | undefined, config: FreshConfig): Promise<CurrentRoles> {
  const { freshness } = config
  const uid = identity.uid
  const keys = uid === undefined ? undefined : userKeys(uid)
  if (!uid || !keys) {
    return { valid: false, reason: 'no-user' }
  }
  const outlives = outlivesRevocations(identity, freshness)
  if (outlives) {
    return { valid: false, reason: outlives }
  }
  const now = nowInSeconds()
  const { stamp } = identity
  if (outlivedUnverified(stamp, now)) {
    return { valid: false, reason: 'unverified' }
  }
  const tokenRolesYoung = stamp !== undefined && isWithinAge(stamp.rolesAt, now, freshness.maxAge)
  const wanted = tokenRolesYoung ? [keys.sessions, keys.rolesVersion] : [keys.sessions, keys.rolesVersion, keys.roles]
  const [sessionMarker, rolesMarker, cachedOrNothing] = await readKeys(wanted, freshness.timeout, freshness.maxAge)
  const sessionVersion = liveVersion(sessionMarker, now)
  const revoked = stamp ? !versionHolds(stamp.sessionVersion, sessionVersion) : revokedSince(sessionMarker, identity.issuedAt, now)
  if (revoked) {
    return { valid: false, reason: 'revoked' }
  }
  const rolesVersion = liveVersion(rolesMarker, now)
  if (tokenRolesYoung && versionHolds(stamp.rolesVersion, rolesVersion)) {
    return { valid: true, roles: identity.roles, stamp, resolved: false }
  }
  // Right after refreshRoles the token is young but out of date: the cache was not read yet.
  const stored = tokenRolesYoung ? (await readKeys([keys.roles], freshness.timeout, freshness.maxAge))[0] : cachedOrNothing
  const cached = usableCachedRoles(stored, rolesVersion, now, freshness.maxAge)
  const fresh = cached ?? await resolveAndCache(uid, identity, event, keys, rolesVersion, now, config)
  if (fresh.roles === null) {
    // Gone for good, as far as this session goes: were the user (or the id) to come back, a kept
    // copy of this cookie must not come back with them. New sign-ins are not affected.
    await revokeUserSessions(keys, freshness)
    return { valid: false, reason: 'gone' }
  }
  return {
    valid: true,
    roles: fresh.roles.filter(role => config.knownRoles.has(role)),
    stamp: { rolesAt: fresh.resolvedAt, rolesVersion, sessionVersion },
    resolved: true,
  }
}

/**
 * The roles and stamp for a new session: the user's current versions (so that only a later
 * revocation or role change counts against it) and roles from the resolver, as afterwards.
 * Called from next-auth's `signIn` callback (which refuses a user who is gone) and again from
 * `jwt`, which finds the roles the first call cached.
 */
export async function rolesAtSignIn(uid: string | undefined, claims: Record<string, unknown>, config: FreshConfig): Promise<CurrentRoles> {
  const keys = uid === undefined ? undefined : userKeys(uid)
  if (!uid || !keys) {
    return { valid: false, reason: 'no-user' }
  }
  const now = nowInSeconds()
  const [sessionMarker, rolesMarker, stored] = await readKeys([keys.sessions, keys.rolesVersion, keys.roles], config.freshness.timeout, config.freshness.maxAge)
  const rolesVersion = liveVersion(rolesMarker, now)
  const fresh = usableCachedRoles(stored, rolesVersion, now, config.freshness.maxAge)
    ?? await resolveAndCache(uid, { source: 'authjs', claims }, undefined, keys, rolesVersion, now, config)
  if (fresh.roles === null) {
    return { valid: false, reason: 'gone' }
  }
  const roles = fresh.roles.filter(role => config.knownRoles.has(role))
  return { valid: true, roles, stamp: { rolesAt: fresh.resolvedAt, rolesVersion, sessionVersion: liveVersion(sessionMarker, now) }, resolved: true }
}

/** Writes a new random version to a marker that lives `lifetime` seconds (plus the clock tolerance). */
async function writeMarker(key: string, lifetime: number, timeout: number): Promise<void> {
  const ttl = lifetime + CLOCK_TOLERANCE_SECONDS
  const now = nowInSeconds()
  await writeKey(key, { version: crypto.randomUUID(), until: now + ttl, at: now }, ttl, timeout)
}

/** Every session of the user issued before now stops counting: a new sessions version. */
export async function revokeUserSessions(keys: UserKeys, freshness: FreshnessSettings): Promise<void> {
  await writeMarker(keys.sessions, freshness.sessionMaxAge, freshness.timeout)
}

/** Roles stamped or cached before now stop counting: a new roles version (a stamp is too old after maxAge anyway). */
export async function markRolesChanged(keys: UserKeys, freshness: FreshnessSettings): Promise<void> {
  await writeMarker(keys.rolesVersion, freshness.maxAge, freshness.timeout)
}

async function resolveAndCache(uid: string, { source, claims }: Pick<Identity, 'source' | 'claims'>, event: H3Event | undefined, keys: UserKeys, rolesVersion: string | undefined, now: number, config: FreshConfig) {
  // Stamped with the time and version read BEFORE asking: a change made while the resolver was
  // answering leaves this result out of date instead of passing it off as current.
  const resolved = await resolveRoles({ uid, claims, token: (source === 'authjs' ? claims : undefined) as RbacSessionToken, event }, config.knownRoles, config.freshness.timeout)
  const fresh = { roles: resolved.gone ? null : resolved.roles, rolesVersion, resolvedAt: now }
  await writeKey(keys.roles, fresh, config.freshness.maxAge, config.freshness.timeout)
  return fresh
}

// Said once per process each: the configuration is wrong for every such session, not just this one.
let lifetimeHintGiven = false
let issueTimeHintGiven = false

/**
 * A revocation is remembered for `sessionMaxAge`; a token that lives longer could outlast the
 * memory of its own revocation, so it is refused (and the fix said once). How long a token lives is
 * read from `iat` to `exp`, both signed: a token revoked at T was issued no later than T, so it ends
 * before T + sessionMaxAge, when the revocation is forgotten.
 *
 * A token that revocation counts against by `iat` (no stamp) and that nothing but itself can end (a
 * verified local JWT) must therefore carry `iat`. Measuring from `exp` alone (refusing only while
 * `exp - now > sessionMaxAge`) would not do: a long-lived token refused while its revocation is
 * remembered becomes acceptable in its last `sessionMaxAge`, by then forgotten.
 */
function outlivesRevocations(identity: Identity, freshness: FreshnessSettings): 'too-long' | 'no-issue-time' | undefined {
  const { issuedAt: iat, expiresAt: exp } = identity
  if (iat === undefined && identity.stamp === undefined && identity.selfContained) {
    if (!issueTimeHintGiven) {
      issueTimeHintGiven = true
      console.warn(`${PREFIX} A token without \`iat\` was refused: with a roles resolver, revokeSessions counts against the time a token was issued, and a revocation of one without it would be forgotten after rbac.freshness.sessionMaxAge. Have your backend put \`iat\` (issued at, in seconds) in its tokens.`)
    }
    return 'no-issue-time'
  }
  if (iat === undefined || exp === undefined) {
    return undefined
  }
  const tooLong = exp - iat > freshness.sessionMaxAge + CLOCK_TOLERANCE_SECONDS
  if (tooLong && !lifetimeHintGiven) {
    lifetimeHintGiven = true
    console.warn(`${PREFIX} A session lives ${exp - iat} s, longer than rbac.freshness.sessionMaxAge (${freshness.sessionMaxAge} s): such sessions are refused, since a revocation would be forgotten before they expire. Set rbac.freshness.sessionMaxAge to the longest a session lives: NuxtAuthHandler's session.maxAge (authjs), or the lifetime of your backend's tokens (local).`)
  }
  return tooLong ? 'too-long' : undefined
}
