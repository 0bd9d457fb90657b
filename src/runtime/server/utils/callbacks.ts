import type { CallbacksOptions } from 'next-auth'
import { recordSignIn } from '../../shared/session/sign-in'
import { exposeRoles } from '../../shared/session/session-roles'
import { withoutCredentials } from '../../shared/session/credentials'
import { useRbacServerConfig } from '../lib/config'

type Data = Record<string, unknown>

/**
 * Wraps the app's own next-auth callbacks with the role plumbing, for
 * `NuxtAuthHandler({ callbacks: withRbac({ ... }) })`.
 *
 * - `jwt`: on sign-in, copies `user.role`/`user.roles` (only configured roles survive),
 *   `user.id` as `uid`, and the access token into the encrypted token; then runs the app's `jwt`.
 * - `session`: runs the app's `session`, then writes role, roles and uid at `sessionRolePath`
 *   and removes any access or refresh token the session would otherwise carry to the browser.
 * Every other callback of the app is kept as it is.
 */
export function withRbac(callbacks: Partial<CallbacksOptions> = {}): Partial<CallbacksOptions> {
  return {
    ...callbacks,
    async jwt(params) {
      const token = params.user
        ? recordSignIn(params.token as Data, params.user, params.account, useRbacServerConfig())
        : params.token
      return callbacks.jwt ? await callbacks.jwt({ ...params, token }) : token
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
