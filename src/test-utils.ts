import { DEFAULT_MAX_AGE_SECONDS, encodeSessionToken } from './runtime/server/identity/authjs-codec'
import { CLOCK_TOLERANCE_SECONDS, STAMP_KEY, liveVersion, nowInSeconds } from './runtime/shared/freshness/staleness'
import { userKeys } from './runtime/shared/freshness/store-keys'
import { apiKeyStoreKey, newApiKeyRecord, ownerIndexKey } from './runtime/server/identity/api-key-record'
import { PREFIX } from './runtime/shared/names'
import { TEST_UID } from './testing/test-user'
import type { TestUser } from './testing/test-user'

/**
 * Test helpers for apps that use nuxt-auth-rbac, for `@nuxt/test-utils` e2e tests:
 * `import { sessionCookie, actingAs } from 'nuxt-auth-rbac/test-utils'` (authjs apps), or
 * `import { localToken, bearer } from 'nuxt-auth-rbac/test-utils'` (apps on nuxt-auth's local provider).
 */

export type { TestUser }

export interface SessionCookieOptions {
  /** The auth secret the server runs with. @default process.env.NUXT_AUTH_SECRET, else next-auth's development fallback 'secret' */
  secret?: string
  /** Name the cookie `__Secure-…`, as next-auth does when the app's origin is https. @default false */
  secure?: boolean
  /** Seconds until the session expires. @default 30 days, next-auth's default */
  maxAge?: number
}

const COOKIE = 'next-auth.session-token'
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

/**
 * next-auth's session token itself, for apps with `rbac.bearer`: send it with `bearer(token)` as
 * `Authorization: Bearer <token>`, as a mobile app or script holding a session would.
 * @example await $fetch('/api/editor/drafts', { headers: bearer(await sessionToken({ role: 'editor' })) })
 */
export async function sessionToken(user: TestUser, options: Omit<SessionCookieOptions, 'secure'> = {}): Promise<string> {
  const secret = options.secret ?? process.env.NUXT_AUTH_SECRET ?? 'secret'
  return await encodeSessionToken(claimsOf(user), secret, options.maxAge ?? DEFAULT_MAX_AGE_SECONDS)
}

/** The part of an unstorage `Storage` that `apiKey` writes with. */
interface KeyStore {
  getItem: (key: string) => unknown
  setItem: (key: string, value: Record<string, unknown>, options: { ttl: number }) => unknown
}

export interface ApiKeyTestOptions {
  /**
   * The `rbac` storage mount your test server uses, opened from the test: for Redis,
   * `createStorage({ driver: redisDriver({ url, base }) })` with the URL and base of
   * `nitro.storage.rbac`. (The default memory store lives inside the server process: there, create
   * keys through your app's own endpoint that calls `createApiKey`.)
   */
  storage: KeyStore
  /** `rbac.apiKeys.prefix`. @default 'rbac' */
  prefix?: string
  /** @default 'test key' */
  name?: string
  /** Narrows the key to these roles (the owner's roles from your resolver still bound it). */
  roles?: string[]
  /** Seconds until it ends. @default 3600 */
  expiresIn?: number
}

/**
 * A real API key for the user, written to the server's `rbac` store exactly as `createApiKey`
 * writes it: the server accepts it on every request until it ends or is revoked, with at most the
 * roles your roles resolver gives the user now. Send it with `bearer(key)`.
 * @example
 * const key = await apiKey({ uid: '1' }, { storage, prefix: 'myapp' })
 * await $fetch('/api/reports/export', { headers: bearer(key) })
 */
export async function apiKey(user: Pick<TestUser, 'uid'>, options: ApiKeyTestOptions): Promise<string> {
  const uid = user.uid ?? TEST_UID
  const keys = userKeys(uid)
  if (!keys) {
    throw new TypeError(`${PREFIX} apiKey: ${JSON.stringify(uid)} cannot be a user id.`)
  }
  const now = nowInSeconds()
  const expiresIn = options.expiresIn ?? 3600
  const sessionVersion = liveVersion(await options.storage.getItem(keys.sessions), now)
  const { key, record } = newApiKeyRecord(options.prefix ?? 'rbac', { uid, name: options.name ?? 'test key', roles: options.roles, expiresIn, sessionVersion, now })
  await options.storage.setItem(apiKeyStoreKey(record.id), { ...record }, { ttl: expiresIn + CLOCK_TOLERANCE_SECONDS })
  // Listed by listApiKeys like a key createApiKey made.
  const index = ownerIndexKey(keys.sessions)
  const listed = await options.storage.getItem(index) as { ids?: unknown } | null
  const ids = Array.isArray(listed?.ids) ? listed.ids : []
  await options.storage.setItem(index, { ids: [...ids, record.id] }, { ttl: Math.max(expiresIn, 365 * 24 * 60 * 60) + CLOCK_TOLERANCE_SECONDS })
  return key
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

/**
 * The request headers that carry a token as `Authorization: Bearer <token>`: a local-provider token
 * as nuxt-auth's client sends it to your API, a `sessionToken` (`rbac.bearer`) or an `apiKey`. A
 * request with this header is decided by it alone, never by cookies.
 * @example await $fetch('/api/editor/drafts', { headers: bearer(await localToken({ role: 'editor' }, { secret })) })
 */
export function bearer(token: string, options: { headerName?: string, type?: string } = {}): Record<string, string> {
  const type = options.type ?? 'Bearer'
  return { [(options.headerName ?? 'Authorization').toLowerCase()]: type === '' ? token : `${type} ${token}` }
}

// The helpers for apps on nuxt-auth's local provider.
export { localToken, localTokenCookie } from './testing/local-token'
export type { LocalTokenOptions } from './testing/local-token'
