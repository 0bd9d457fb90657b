import { beforeAll, expect } from 'vitest'
import { sessionCookie } from '../../../src/test-utils'
import { signIn } from './auth'
import { TEST_SECRET } from './app'

/** The playground's demo users (playground/server/utils/users.ts). */
export const demoAccounts = {
  admin: { password: 'admin-pass', uid: '1', roles: ['admin'], name: 'Ada Admin' },
  editor: { password: 'editor-pass', uid: '2', roles: ['editor'], name: 'Eddie Editor' },
  viewer: { password: 'viewer-pass', uid: '3', roles: ['viewer'], name: 'Vera Viewer' },
  casey: { password: 'casey-pass', uid: '4', roles: ['editor', 'billing'], name: 'Casey Both' },
  mallory: { password: 'mallory-pass', uid: '5', roles: ['superuser'], name: 'Mallory Unknown' },
} as const

export type Account = keyof typeof demoAccounts | 'anonymous'

/**
 * Signs every demo user in once the server is up (in beforeAll, after setup() has built and
 * started it). Returns the Cookie header of each, filled in by then; anonymous has none.
 */
export function signInDemoUsers(): Record<Account, string | null> {
  const cookies = { anonymous: null } as Record<Account, string | null>
  beforeAll(async () => {
    for (const [username, { password }] of Object.entries(demoAccounts)) {
      const cookie = await signIn(username, password)
      expect(cookie, `sign-in as ${username}`).toBeTruthy()
      cookies[username as Account] = cookie
    }
  })
  return cookies
}

/**
 * The demo users' session cookies made with nuxt-auth-rbac/test-utils, as an app's own tests
 * would make them: for tests of what a role may do, not of signing in.
 */
export function demoUserCookies(): Record<Account, string | null> {
  const cookies = { anonymous: null } as Record<Account, string | null>
  beforeAll(async () => {
    for (const [username, { uid, roles, name }] of Object.entries(demoAccounts)) {
      cookies[username as Account] = await sessionCookie({ uid, roles: [...roles], name }, { secret: TEST_SECRET })
    }
  })
  return cookies
}
