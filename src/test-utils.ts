import { DEFAULT_MAX_AGE_SECONDS, encodeSessionToken } from './runtime/server/identity/authjs-codec'
import { STAMP_KEY, nowInSeconds } from './runtime/shared/freshness/staleness'

/**
 * Test helpers for apps that use nuxt-auth-rbac, for `@nuxt/test-utils` e2e tests:
 * `import { sessionCookie, actingAs } from 'nuxt-auth-rbac/test-utils'`.
 */

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

export interface SessionCookieOptions {
  /** The auth secret the server runs with. @default process.env.NUXT_AUTH_SECRET, else next-auth's development fallback 'secret' */
  secret?: string
  /** Name the cookie `__Secure-…`, as next-auth does when the app's origin is https. @default false */
  secure?: boolean
  /** Seconds until the session expires. @default 30 days, next-auth's default */
  maxAge?: number
}

const COOKIE = 'next-auth.session-token'
const TEST_UID = 'test-user'
// next-auth splits a cookie above this size into `.0`, `.1`, …; the server joins them.
const CHUNK_SIZE = 3933

function claimsOf(user: TestUser): Record<string, unknown> {
  const { role, roles, uid = TEST_UID, ...rest } = user
  const allRoles = roles ?? (role === undefined ? [] : [role])
  return {
    ...rest,
    sub: uid,
    uid,
    roles: allRoles,
    ...(allRoles.length > 0 ? { role: allRoles[0] } : {}),
    // As a real sign-in stamps them: with a roles resolver these roles hold for freshness.maxAge.
    [STAMP_KEY]: { rolesAt: nowInSeconds() },
  }
}

/** The session cookie's name/value pairs, chunked like next-auth's when large. */
async function sessionCookies(user: TestUser, options: SessionCookieOptions): Promise<Array<{ name: string, value: string }>> {
  const secret = options.secret ?? process.env.NUXT_AUTH_SECRET ?? 'secret'
  const name = options.secure ? `__Secure-${COOKIE}` : COOKIE
  const value = await encodeSessionToken(claimsOf(user), secret, options.maxAge ?? DEFAULT_MAX_AGE_SECONDS)
  if (value.length <= CHUNK_SIZE) {
    return [{ name, value }]
  }
  const chunks: Array<{ name: string, value: string }> = []
  for (let index = 0; index * CHUNK_SIZE < value.length; index++) {
    chunks.push({ name: `${name}.${index}`, value: value.slice(index * CHUNK_SIZE, (index + 1) * CHUNK_SIZE) })
  }
  return chunks
}

/**
 * A `Cookie` header value the server accepts exactly like one from a real sign-in (next-auth's
 * own token format, sealed with the app's secret).
 * @example
 * const cookie = await sessionCookie({ role: 'admin', uid: '1' })
 * await $fetch('/api/admin/stats', { headers: { cookie } })
 */
export async function sessionCookie(user: TestUser, options: SessionCookieOptions = {}): Promise<string> {
  return (await sessionCookies(user, options)).map(({ name, value }) => `${name}=${value}`).join('; ')
}

/** The part of a Playwright page this needs. */
interface PageLike {
  context: () => { addCookies: (cookies: Array<{ name: string, value: string, url: string, httpOnly?: boolean, sameSite?: 'Lax' }>) => Promise<void> }
}

/**
 * Signs a `createPage()` page in as the user, for opening guarded pages in the browser.
 * @example
 * const page = await createPage()
 * await actingAs(page, { role: 'editor', uid: '2' })
 * await page.goto(url('/editor'))
 */
export async function actingAs(page: PageLike, user: TestUser, options: SessionCookieOptions & { url?: string } = {}): Promise<void> {
  const origin = options.url ?? (await import('@nuxt/test-utils/e2e')).url('/')
  const cookies = await sessionCookies(user, { ...options, secure: options.secure ?? origin.startsWith('https://') })
  await page.context().addCookies(cookies.map(cookie => ({ ...cookie, url: origin, httpOnly: true, sameSite: 'Lax' as const })))
}

/** What `setupOptions` returns: spread it into `setup()` from `@nuxt/test-utils/e2e`. */
export interface AuthSetupOptions {
  port: number
  env: { NUXT_AUTH_SECRET: string, AUTH_ORIGIN: string }
}

/**
 * A free port and the environment a production build of a nuxt-auth app needs to start under
 * `@nuxt/test-utils`: next-auth wants its full origin, auth path included (`AUTH_ORIGIN`), before
 * the first request, so the port has to be chosen up front.
 * @example await setup({ server: true, ...await setupOptions({ secret }) })
 */
export async function setupOptions(options: { secret: string, host?: string, authPath?: string }): Promise<AuthSetupOptions> {
  const host = options.host ?? '127.0.0.1'
  const port = await freePort(host)
  return { port, env: { NUXT_AUTH_SECRET: options.secret, AUTH_ORIGIN: `http://${host}:${port}${options.authPath ?? '/api/auth'}` } }
}

async function freePort(host: string): Promise<number> {
  const { createServer } = await import('node:net')
  return await new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, host, () => {
      const address = server.address()
      server.close(() => typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')))
    })
  })
}
