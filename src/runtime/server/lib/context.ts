import type { H3Event } from 'h3'
import type { JWT } from 'next-auth/jwt'
import { effectiveRoles } from '../../shared/roles/hierarchy'
import { readAssignedRoles } from '../../shared/roles/known-roles'
import { tokenUid } from '../../shared/session/token-uid'
import type { RbacAbility } from '../../shared/abilities/define-abilities'
import type { Role } from '../../shared/types'
import { abilityFor } from './ability'
import { useRbacServerConfig } from './config'
import { readSessionCookie, readSessionToken } from './session-token'
import type { RequestCredentials } from './session-token'
import type { FreshnessSettings, RbacServerConfig } from './config'
import { currentRoles } from './fresh-roles'
import { RbacDependencyError, logDependencyFault } from './rbac-store'
import { unavailable } from './errors'

/** What the server knows about the caller of one request. */
export interface RbacContext {
  /** The decoded next-auth token (server only: it may hold the access token). */
  token: JWT
  /** The user id from the token, if any. */
  uid: string | undefined
  /** The roles assigned to the user, filtered to the configured list. */
  roles: Role[]
  /** The assigned roles plus every role they inherit. */
  effectiveRoles: Role[]
  /** The CASL ability from the app's `defineAbilities`, built for this request only. */
  ability: RbacAbility
}

/** Decodes the session once and derives the roles from it; null when there is no valid session. */
export function resolveRbacContext(event: H3Event): Promise<RbacContext | null> {
  return resolveCaller(readSessionToken(event), event)
}

/**
 * As resolveRbacContext, for a request that is not an h3 event (a websocket upgrade): the roles
 * resolver is then asked without an event.
 */
export function resolveRbacContextFrom(credentials: RequestCredentials): Promise<RbacContext | null> {
  return resolveCaller(readSessionCookie(credentials), undefined)
}

async function resolveCaller(reading: Promise<JWT | null>, event: H3Event | undefined): Promise<RbacContext | null> {
  const token = await reading
  if (!token) {
    return null
  }
  const config = useRbacServerConfig()
  const roles = config.freshness ? await freshRolesOf(token, event, config.freshness, config) : readAssignedRoles(token, config.knownRoles)
  if (!roles) {
    return null
  }
  const uid = tokenUid(token)
  const effective = effectiveRoles(roles, config.grants)
  // Built on first use: a request that only checks roles never builds an ability.
  let ability: RbacAbility | undefined
  return {
    token,
    uid,
    roles: roles as Role[],
    effectiveRoles: effective as Role[],
    get ability() {
      return ability ??= abilityFor(effective, uid)
    },
  }
}

/** Roles no older than `maxAge`, or null when the session was revoked or its user is gone. */
async function freshRolesOf(token: JWT, event: H3Event | undefined, freshness: FreshnessSettings, config: RbacServerConfig): Promise<string[] | null> {
  try {
    const current = await currentRoles(token, event, { knownRoles: config.knownRoles, freshness })
    return current.valid ? current.roles : null
  }
  catch (error) {
    if (error instanceof RbacDependencyError) {
      logDependencyFault(error)
      throw unavailable(error.dependency === 'store' ? 'the rbac store is unavailable' : 'the roles resolver failed')
    }
    throw error
  }
}
