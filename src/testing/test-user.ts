// Who a test helper of `nuxt-auth-rbac/test-utils` (src/test-utils.ts) acts as.

/** Who the test acts as: what sign-in would have put into next-auth's token. */
export interface TestUser {
  /** One role, or several with `roles`; only roles in `rbac.roles` count, as after a real sign-in. */
  role?: string
  roles?: string[]
  /**
   * The user id (`token.uid` and next-auth's `sub`), what ownership rules compare with. A session
   * always names its user (the server refuses a token that does not), hence the default.
   * @default 'test-user'
   */
  uid?: string
  name?: string
  email?: string
  /** Anything else your own jwt callback would store. */
  [claim: string]: unknown
}

/** The user id when a test names none. */
export const TEST_UID = 'test-user'
