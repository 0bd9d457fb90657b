import type { CallbacksOptions } from 'next-auth'
import type { JWT } from 'next-auth/jwt'
import { recordSignIn } from '../../shared/session/sign-in'
import { exposeRoles } from '../../shared/session/session-roles'
import { withoutCredentials } from '../../shared/session/credentials'
import { withTokenRoles } from '../../shared/session/token-roles'
import { tokenUid } from '../../shared/session/token-uid'
import { reapplyOwnedKeys, withoutOwnedKeys } from '../../shared/session/owned-keys'
import { isSessionClaims } from '../../shared/session/session-claims'
import { PREFIX } from '../../shared/names'
import { readStamp } from '../../shared/freshness/staleness'
import { canHaveKeys, MAX_UID_LENGTH } from '../../shared/freshness/store-keys'
import { useRbacServerConfig } from '../config'
import type { FreshnessSettings, RbacServerConfig } from '../config'
import { currentRoles, rolesAtSignIn } from '../freshness/fresh-roles'
import { RbacDependencyError, logDependencyFault } from '../faults'
import { identityOfToken } from '../identity/authjs-session'

type Data = Record<string, unknown>
type FreshConfig = RbacServerConfig & { freshness: FreshnessSettings }

/**
 * Wraps the app's own next-auth callbacks with the role plumbing, for
 * `NuxtAuthHandler({ callbacks: withRbac({ ... }) })`.
 *
 * - `signIn` (with a roles resolver): refuses a user the resolver says is gone; then the app's `signIn`.
 * - `jwt`: on sign-in, copies `user.role`/`user.roles` (only configured roles survive; with a
 *   resolver, its roles instead), `user.id` as `uid`, and the access token into the encrypted
 *   token. With a resolver, every session refresh re-resolves roles older than `freshness.maxAge`,
 *   and a revoked session or a user who is gone ends (next-auth clears the cookie). A token that
 *   names no user (an OAuth check cookie sealed with the same key) ends too. Then the app's `jwt`,
 *   after which the module's keys are put back (see reapplyOwnedKeys): the app may change roles
 *   from its own data; on a client's session update they may only shrink.
 * - `session`: runs the app's `session`, then writes role, roles and uid at `sessionRolePath`
 *   and removes any access or refresh token the session would otherwise carry to the browser.
 * Every other callback of the app is kept as it is. A client's session update can never set a role.
 */
export function withRbac(callbacks: Partial<CallbacksOptions> = {}): Partial<CallbacksOptions> {
  return {
    ...callbacks,
    async signIn(params) {
      const config = useRbacServerConfig()
      if (config.freshness) {
        const uid = userId(params.user)
        if (uid !== undefined && !canHaveKeys(uid)) {
          warnOnceAboutId(uid)
          return false
        }
        // What the token will hold: the resolver may look the user up by email as well as by id.
        const { name, email } = params.user
        const current = await atSignIn(() => rolesAtSignIn(uid, { uid, sub: uid, name, email } as JWT, config as FreshConfig))
        if (!current.valid) {
          return false
        }
      }
      return callbacks.signIn ? await callbacks.signIn(params) : true
    },
    async jwt(params) {
      const config = useRbacServerConfig()
      let token = params.token as Data
      if (params.user) {
        token = recordSignIn(token, params.user, params.account, config)
        if (config.freshness) {
          token = await stampSignIn(token, config as FreshConfig)
        }
      }
      else {
        assertSessionToken(token)
        if (config.freshness) {
          token = await refreshToken(token, config as FreshConfig)
        }
      }
      if (!callbacks.jwt) {
        return token as JWT
      }
      // next-auth passes `trigger: 'update'` (and the browser's data, if any) on POST /api/auth/session.
      const fromClient = params.trigger === 'update' || (params.session !== undefined && params.session !== null)
      // The app gets its own copy: what it changes is compared with what it was given.
      const returned = await callbacks.jwt({
        ...params,
        token: structuredClone(token) as JWT,
        ...(fromClient ? { session: withoutOwnedKeys(params.session) } : {}),
      })
      return reapplyOwnedKeys(returned, token, {
        fromClient,
        resolverDecides: config.freshness !== undefined,
        knownRoles: config.knownRoles,
        grants: config.grants,
      }) as JWT
    },
    async session(params) {
      const session = callbacks.session ? await callbacks.session(params) : params.session
      // With database sessions next-auth passes the user instead of a token.
      const source = (params.token ?? params.user ?? {}) as Data
      const exposed = exposeRoles(session as unknown as Data, source, useRbacServerConfig())
      return withoutCredentials(exposed, source) as unknown as typeof session
    },
  }
}

/**
 * next-auth seals its OAuth check cookies (state, PKCE verifier, nonce) with the session key; sent
 * as the session cookie, one decodes. Only a token that names its user was issued as a session.
 */
function assertSessionToken(token: Data): void {
  if (!isSessionClaims(token)) {
    throw new Error(`${PREFIX} session ended: the token names no user, so it was never a session`)
  }
}

// Said once per process: it is the directory's ids that are wrong, not one sign-in.
let idHintGiven = false

function warnOnceAboutId(uid: string): void {
  if (!idHintGiven) {
    idHintGiven = true
    console.warn(`${PREFIX} Sign-in refused: a user id of ${uid.length} characters is empty, longer than ${MAX_UID_LENGTH} or not well-formed text (an unpaired surrogate), so fresh roles and revocation could not keep it apart from other ids. Give users plain string ids. (Said once.)`)
  }
}

function userId(user: unknown): string | undefined {
  const id = (user as { id?: unknown } | null)?.id
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined
}

/** A store or resolver fault at sign-in refuses the sign-in with a short reason, not an internal message. */
async function atSignIn<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  }
  catch (error) {
    if (error instanceof RbacDependencyError) {
      logDependencyFault(error)
      throw new Error('RbacUnavailable')
    }
    throw error
  }
}

async function stampSignIn(token: Data, config: FreshConfig): Promise<Data> {
  const current = await atSignIn(() => rolesAtSignIn(tokenUid(token), token as JWT, config))
  if (!current.valid) {
    throw new Error(`${PREFIX} sign-in refused: ${current.reason}`)
  }
  return withTokenRoles(token, current.roles, current.stamp)
}

/**
 * A session refresh (`/api/auth/session`): roles older than `maxAge` are re-resolved into the
 * token, so the browser's session follows. A revoked session or a user who is gone throws, and
 * next-auth answers with no session and clears the cookie. When the store or the resolver
 * fails, the token keeps no roles until they can be resolved again (nothing is granted on roles
 * nobody could confirm) and no longer life than it had (nobody could check its revocation); nobody
 * is signed out by a short outage.
 */
async function refreshToken(token: Data, config: FreshConfig): Promise<Data> {
  try {
    const current = await currentRoles(identityOfToken(token, 'cookie', config.knownRoles), undefined, config)
    if (!current.valid) {
      throw new Error(`${PREFIX} session ended: ${current.reason}`)
    }
    return current.resolved ? withTokenRoles(token, current.roles, current.stamp) : token
  }
  catch (error) {
    if (error instanceof RbacDependencyError) {
      logDependencyFault(error)
      // The versions are kept (losing the sessions version would read as a revocation later), and
      // the session may not outlive the expiry it had, since nobody could check its revocation.
      const stamp = readStamp(token)
      const expiry = typeof token.exp === 'number' ? Math.floor(token.exp) : 0
      return withTokenRoles(token, [], { ...stamp, rolesAt: 0, unverifiedUntil: stamp?.unverifiedUntil ?? expiry })
    }
    throw error
  }
}
