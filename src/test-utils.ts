import { SignJWT } from 'jose'
import type { KeyLike } from 'jose'
import { DEFAULT_MAX_AGE_SECONDS, encodeSessionToken } from './runtime/server/identity/authjs-codec'
import { CLOCK_TOLERANCE_SECONDS, STAMP_KEY, liveVersion, nowInSeconds } from './runtime/shared/freshness/staleness'
import { userKeys } from './runtime/shared/freshness/store-keys'
import { apiKeyStoreKey, newApiKeyRecord, ownerIndexKey } from './runtime/server/identity/api-key-record'
import { claimPath, isClaimPath } from './runtime/shared/identity/claims'
import { PREFIX } from './runtime/shared/names'

/**
 * Test helpers for apps that use nuxt-auth-rbac, for `@nuxt/test-utils` e2e tests:
 * `import { sessionCookie, actingAs } from 'nuxt-auth-rbac/test-utils'` (authjs apps), or
 * `import { localToken, bearer } from 'nuxt-auth-rbac/test-utils'` (apps on nuxt-auth's local provider).
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

/** How `localToken` signs: what your backend (or identity provider) would sign with, and the claims it sets. */
export interface LocalTokenOptions {
  /**
   * The shared secret the backend signs with (HS256/384/512).
   * @default process.env.NUXT_RBAC_LOCAL_VERIFY_SECRET
   */
  secret?: string
  /**
   * A private key instead of a secret, for an app that verifies with a JWKS (RS*, PS*, ES*, EdDSA):
   * from jose's `generateKeyPair`, `importPKCS8` or `importJWK`. Give `algorithm` with it.
   */
  privateKey?: KeyLike
  /** The signing algorithm. @default 'HS256' with a secret; required with a private key */
  algorithm?: string
  /** The key id (`kid`) in the header: which key of the key set verifies the token. */
  kid?: string
  /** The `iss` claim, as `rbac.local.verify.issuer` requires it. */
  issuer?: string
  /** The `aud` claim, as `rbac.local.verify.audience` requires it. */
  audience?: string | string[]
  /** Seconds until the token expires; negative for a token that has already expired. @default 3600 */
  expiresIn?: number
  /**
   * Where the roles go, as `rbac.local.rolesClaim` reads them: a name, a dot path or a JSON pointer.
   * A claim named `scope` holds them space-separated, as OAuth does; any other an array.
   * @default 'roles'
   */
  rolesClaim?: string
  /** Where the user id goes, as `rbac.local.uidClaim` reads it. @default 'sub' */
  uidClaim?: string
}

const LOCAL_TOKEN_SECONDS = 3600

/**
 * A JWT like the one your backend issues at sign-in, for testing guarded routes of an app on
 * nuxt-auth's `local` provider without the backend: signed with the secret the server verifies
 * with (HS256 by default), or with a private key whose public half your test serves as the JWKS.
 * `iat` is now; `exp` is `expiresIn` seconds later.
 * @example
 * const token = await localToken({ role: 'admin', uid: '1' }, { secret: 'test-secret', issuer: 'https://api.example.com', audience: 'web' })
 * await $fetch('/api/admin/stats', { headers: bearer(token) })
 * @example
 * const { privateKey } = await generateKeyPair('RS256')
 * const token = await localToken({ roles: ['editor'] }, { privateKey, algorithm: 'RS256', kid: 'test-key', rolesClaim: 'realm_access.roles' })
 */
export async function localToken(user: TestUser, options: LocalTokenOptions = {}): Promise<string> {
  const { role, roles, uid = TEST_UID, ...rest } = user
  const claims: Record<string, unknown> = { ...rest }
  const rolesClaim = options.rolesClaim ?? 'roles'
  const allRoles = roles ?? (role === undefined ? [] : [role])
  const rolesSegments = claimSegments('rolesClaim', rolesClaim)
  placeClaim(claims, rolesSegments, rolesSegments.at(-1) === 'scope' ? allRoles.join(' ') : allRoles)
  placeClaim(claims, claimSegments('uidClaim', options.uidClaim ?? 'sub'), uid)
  const { key, algorithm } = signingKey(options)
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: algorithm, typ: 'JWT', ...(options.kid === undefined ? {} : { kid: options.kid }) })
    .setIssuedAt()
    .setExpirationTime(nowInSeconds() + (options.expiresIn ?? LOCAL_TOKEN_SECONDS))
  if (options.issuer !== undefined) {
    jwt.setIssuer(options.issuer)
  }
  if (options.audience !== undefined) {
    jwt.setAudience(options.audience)
  }
  return await jwt.sign(key)
}

function signingKey(options: LocalTokenOptions): { key: KeyLike | Uint8Array, algorithm: string } {
  if (options.privateKey !== undefined) {
    if (options.secret !== undefined || options.algorithm === undefined) {
      throw new TypeError(`${PREFIX} localToken: a privateKey takes an algorithm ('RS256', 'ES256', …) and no secret.`)
    }
    return { key: options.privateKey, algorithm: options.algorithm }
  }
  const secret = options.secret ?? process.env.NUXT_RBAC_LOCAL_VERIFY_SECRET
  if (!secret) {
    throw new TypeError(`${PREFIX} localToken needs the secret the server verifies with: pass { secret } or set NUXT_RBAC_LOCAL_VERIFY_SECRET.`)
  }
  return { key: new TextEncoder().encode(secret), algorithm: options.algorithm ?? 'HS256' }
}

function claimSegments(option: string, path: string): string[] {
  if (!isClaimPath(path)) {
    throw new TypeError(`${PREFIX} localToken: ${option} ${JSON.stringify(path)} is not a claim path.`)
  }
  return claimPath(path)
}

/** Sets the value at the path, creating the objects on the way (`realm_access` for `realm_access.roles`). */
function placeClaim(claims: Record<string, unknown>, segments: readonly string[], value: unknown): void {
  let target = claims
  for (const segment of segments.slice(0, -1)) {
    const next = Object.hasOwn(target, segment) ? target[segment] : undefined
    target = target[segment] = (typeof next === 'object' && next !== null && !Array.isArray(next)) ? next as Record<string, unknown> : {}
  }
  target[segments.at(-1)!] = value
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

/**
 * A `Cookie` header value with the token where nuxt-auth's local provider keeps it (`auth.token`, or
 * `auth.provider.token.cookieName`): what a browser sends on page loads and same-origin `$fetch`.
 * @example
 * const cookie = localTokenCookie(await localToken({ role: 'admin' }, { secret }))
 * await fetch(url('/admin'), { headers: { cookie } })
 */
export function localTokenCookie(token: string, options: { cookieName?: string } = {}): string {
  return `${options.cookieName ?? 'auth.token'}=${encodeURIComponent(token)}`
}
