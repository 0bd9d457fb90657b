import type { H3Event } from 'h3'
import { effectiveRoles } from '../../shared/roles/hierarchy'
import type { RbacAbility } from '../../shared/abilities/define-abilities'
import type { RbacSessionToken, Role } from '../../shared/types'
import { abilityFor } from '../ability'
import { useRbacServerConfig } from '../config'
import type { RbacServerConfig } from '../config'
import { currentRoles } from '../freshness/fresh-roles'
import { RbacDependencyError, faultReason, logDependencyFault } from '../faults'
import { unavailable } from '../http/errors'
import { authjsIdentity } from './authjs-session'
import { localIdentity } from './local-session'
import type { CredentialCarrier, Identity, IdentitySourceName } from './identity'
import type { RequestCredentials } from './request-credentials'

/** What the server knows about the caller of one request, whichever source identified them. */
export interface RbacContext {
  /** How the caller was identified: a user's session (later also an API key). */
  via: 'session'
  /** Which session: next-auth's cookie (`authjs`) or the app backend's JWT (`local`). */
  source: IdentitySourceName
  /** What carried the credential. */
  from: CredentialCarrier
  /** The verified claims of the credential (server only: an authjs token may hold the access token). */
  claims: Record<string, unknown>
  /** The decoded next-auth token (authjs apps; server only: it may hold the access token). */
  token: RbacSessionToken
  /** The user id from the credential, if any. */
  uid: string | undefined
  /** The roles assigned to the user, filtered to the configured list. */
  roles: Role[]
  /** The assigned roles plus every role they inherit. */
  effectiveRoles: Role[]
  /** The CASL ability from the app's `defineAbilities`, built for this request only. */
  ability: RbacAbility
}

/**
 * The one way from a request to a caller: the app's identity source proves who it is, fresh
 * roles (when the app has a resolver) say what they may use now, and the hierarchy and the
 * abilities follow. Null when there is no valid credential (or it was revoked, or its user is
 * gone); throws 503 when a dependency of that answer failed. `event` is absent for a websocket
 * upgrade: the roles resolver is then asked without one.
 */
export async function resolveCaller(credentials: RequestCredentials, event: H3Event | undefined): Promise<RbacContext | null> {
  const config = useRbacServerConfig()
  const identity = await failingClosed(() => identify(credentials, config))
  if (!identity) {
    return null
  }
  const roles = config.freshness ? await failingClosed(() => freshRoles(identity, event, config)) : identity.roles
  if (!roles) {
    return null
  }
  const uid = identity.uid
  const effective = effectiveRoles(roles, config.grants)
  // Built on first use: a request that only checks roles never builds an ability.
  let ability: RbacAbility | undefined
  return {
    via: 'session',
    source: identity.source,
    from: identity.from,
    claims: identity.claims,
    token: (identity.source === 'authjs' ? identity.claims : undefined) as RbacSessionToken,
    uid,
    roles: roles as Role[],
    effectiveRoles: effective as Role[],
    get ability() {
      return ability ??= abilityFor(effective, uid)
    },
  }
}

function identify(credentials: RequestCredentials, config: RbacServerConfig): Promise<Identity | null> {
  return config.local ? localIdentity(credentials, config.local, config.knownRoles) : authjsIdentity(credentials, config.knownRoles)
}

/** Roles no older than `maxAge`, or null when the session was revoked or its user is gone. */
async function freshRoles(identity: Identity, event: H3Event | undefined, config: RbacServerConfig): Promise<string[] | null> {
  const current = await currentRoles(identity, event, { knownRoles: config.knownRoles, freshness: config.freshness! })
  return current.valid ? current.roles : null
}

/** A dependency fault becomes 503 (logged, throttled); anything else is re-thrown as it is. */
async function failingClosed<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  }
  catch (error) {
    if (error instanceof RbacDependencyError) {
      logDependencyFault(error)
      throw unavailable(faultReason(error))
    }
    throw error
  }
}
