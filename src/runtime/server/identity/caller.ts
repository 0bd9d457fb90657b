import type { H3Event } from 'h3'
import { effectiveRoles } from '../../shared/roles/hierarchy'
import type { Grants } from '../../shared/roles/hierarchy'
import type { RbacAbility } from '../../shared/abilities/define-abilities'
import type { Caller } from '../../shared/decision/requirement'
import type { RbacApiKeysEnabled, RbacSessionToken, Role } from '../../shared/types'
import { RequestCaller } from './request-caller'
import { useRbacServerConfig } from '../config'
import type { RbacServerConfig } from '../config'
import { currentRoles } from '../freshness/fresh-roles'
import { RbacDependencyError, faultReason, logDependencyFault } from '../faults'
import { unavailable } from '../http/errors'
import { PREFIX } from '../../shared/names'
import { authjsBearerIdentity, authjsIdentity } from './authjs-session'
import { localIdentity } from './local-session'
import { apiKeyIdentity, readerFor } from './api-key-source'
import type { ApiKeyRecord } from './api-key-record'
import type { CredentialCarrier, Identity } from './identity'
import { credentialAfterScheme } from './request-credentials'
import type { RequestCredentials } from './request-credentials'

export interface CallerFields {
  /** What carried the credential. */
  from: CredentialCarrier
  /** The verified claims of the credential (server only: an authjs token may hold the access token). */
  claims: Record<string, unknown>
  /** The user id from the credential (an API key's owner), if any. */
  uid: string | undefined
  /** The roles assigned to the user, filtered to the configured list (an API key's: narrowed to its own list). */
  roles: Role[]
  /** The assigned roles plus every role they inherit. */
  effectiveRoles: Role[]
  /** The CASL ability from the app's `defineAbilities`, built for this request only. */
  ability: RbacAbility
}

/** A caller identified by a user's session: a cookie, or the session token as a bearer header. */
export interface RbacSessionContext extends CallerFields {
  via: 'session'
  /** Which session: next-auth's (`authjs`) or the app backend's JWT (`local`). */
  source: 'authjs' | 'local'
  /** The decoded next-auth token (authjs apps; server only: it may hold the access token). */
  token: RbacSessionToken
  apiKey?: undefined
}

/** A caller identified by an API key (`rbac.apiKeys`): it acts for its owner, with at most the owner's roles. */
export interface RbacApiKeyContext extends CallerFields {
  via: 'api-key'
  source: 'api-key'
  token: undefined
  /** Which key: its id and name, for logs (never its secret). */
  apiKey: { id: string, name: string }
}

/** What the server knows about the caller of one request, whichever source identified them. */
export type RbacContext = RbacSessionContext | (RbacApiKeysEnabled extends true ? RbacApiKeyContext : never)

/** Every caller the server can build, whatever the app's types say. */
export type AnyRbacContext = RbacSessionContext | RbacApiKeyContext

/**
 * The one way from a request to a caller: the request's credential picks its source (see
 * identify), the source proves who it is, fresh roles (when the app has a resolver) say what they
 * may use now, and the hierarchy and the abilities follow. Null when there is no valid credential
 * (or it was revoked, or its user is gone); throws 503 when a dependency of that answer failed.
 * `event` is absent for a websocket upgrade: the roles resolver is then asked without one.
 */
export async function resolveCaller(credentials: RequestCredentials, event: H3Event | undefined): Promise<AnyRbacContext | null> {
  const config = useRbacServerConfig()
  const found = await failingClosed(() => identify(credentials, config))
  if (!found) {
    return null
  }
  const { identity, key } = found
  const roles = config.freshness ? await failingClosed(() => freshRoles(identity, event, config)) : identity.roles
  if (!roles) {
    return null
  }
  const uid = identity.uid
  const held = key ? narrowedToKey(roles, key.roles, config.grants) : { roles, effective: effectiveRoles(roles, config.grants) }
  const { from, claims } = identity
  const [heldRoles, effective] = [held.roles as Role[], held.effective as Role[]]
  if (key) {
    return new RequestCaller({ via: 'api-key', source: 'api-key', token: undefined, apiKey: { id: key.id, name: key.name }, from, claims, uid, roles: heldRoles, effectiveRoles: effective }) as RbacApiKeyContext
  }
  const source = identity.source as RbacSessionContext['source']
  const token = source === 'authjs' ? claims : undefined
  return new RequestCaller({ via: 'session', source, token, apiKey: undefined, from, claims, uid, roles: heldRoles, effectiveRoles: effective }) as RbacSessionContext
}

/** What the decision needs of a caller (see unmetPart). */
export function decisionCaller(rbac: AnyRbacContext): Caller {
  return { effectiveRoles: rbac.effectiveRoles, ability: () => rbac.ability, via: rbac.via }
}

/**
 * Which source decides, by what the request carries. A request with a credential header is
 * decided by the header alone and never reads cookies: an API key (when the header claims this
 * app's key prefix, malformed or not), the local provider's JWT, or next-auth's session token
 * (`rbac.bearer`). Without one, the session cookie.
 */
async function identify(credentials: RequestCredentials, config: RbacServerConfig): Promise<{ identity: Identity, key?: ApiKeyRecord } | null> {
  const { apiKeys, local } = config
  if (apiKeys) {
    if (!config.freshness) {
      // The build refuses this; a key whose owner cannot be asked must never pass.
      throw new Error(`${PREFIX} rbac.apiKeys needs a roles resolver (server/rbac-roles.ts): a key carries its owner's current roles.`)
    }
    const credential = headerCredential(credentials, apiKeys.header, apiKeys.scheme)
    if (credential !== undefined && readerFor(apiKeys.prefix).claims(credential)) {
      return await apiKeyIdentity(credential, apiKeys, config.freshness)
    }
  }
  if (local) {
    return wrap(await localIdentity(credentials, local, config.knownRoles))
  }
  if (config.bearer) {
    const header = credentials.header('authorization')
    if (header !== undefined) {
      const token = headerCredential(credentials, 'authorization', 'Bearer')
      return token === undefined ? null : wrap(await authjsBearerIdentity(token, config.knownRoles))
    }
  }
  return wrap(await authjsIdentity(credentials, config.knownRoles))
}

function wrap(identity: Identity | null): { identity: Identity } | null {
  return identity ? { identity } : null
}

/**
 * The credential in a header: after its scheme (matched without regard to case, as RFC 9110 says;
 * exactly one value after it), or the whole trimmed value for a header without a scheme.
 */
function headerCredential(credentials: RequestCredentials, name: string, scheme: string): string | undefined {
  const header = credentials.header(name)
  return header === undefined ? undefined : credentialAfterScheme(header, scheme)
}

/**
 * A key acts with the roles its owner holds now (inheritance included), narrowed to its own list
 * when it has one: never a role the owner lacks, whatever the list says.
 */
function narrowedToKey(ownerRoles: readonly string[], keyRoles: readonly string[] | null, grants: Grants): { roles: string[], effective: string[] } {
  const ownerEffective = effectiveRoles(ownerRoles, grants)
  if (keyRoles === null) {
    return { roles: [...ownerRoles], effective: ownerEffective }
  }
  const owned = new Set(ownerEffective)
  const keyEffective = effectiveRoles(keyRoles, grants)
  const allowed = new Set(keyEffective)
  // Assigned: what both grant — the key's roles the owner holds, and the owner's the key covers.
  const roles = [...new Set([...keyRoles.filter(role => owned.has(role)), ...ownerRoles.filter(role => allowed.has(role))])]
  return { roles, effective: keyEffective.filter(role => owned.has(role)) }
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
