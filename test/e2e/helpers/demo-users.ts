import { beforeAll, expect } from 'vitest'
import { signIn } from './auth'

/** The playground's demo users (playground/server/utils/users.ts). */
export const demoAccounts = {
  admin: { password: 'admin-pass', uid: '1' },
  editor: { password: 'editor-pass', uid: '2' },
  viewer: { password: 'viewer-pass', uid: '3' },
  casey: { password: 'casey-pass', uid: '4' },
  mallory: { password: 'mallory-pass', uid: '5' },
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
