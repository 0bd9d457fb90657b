import { createServer } from 'node:http'
import type { Server } from 'node:http'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { url, useTestContext } from '@nuxt/test-utils/e2e'
import fc from 'fast-check'
import { SignJWT, UnsecuredJWT, exportJWK, exportSPKI, generateKeyPair } from 'jose'
import type { JWTPayload } from 'jose'
import { getRandomPort } from 'get-port-please'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { bearer, localToken, localTokenCookie, sessionCookie } from '../../src/test-utils'
import type { LocalTokenOptions, TestUser } from '../../src/test-utils'
import { builtApps } from './helpers/apps'
import { TEST_SECRET, setupBuiltApp } from './helpers/app'
import { runCommand, startNitro } from './helpers/processes'
import type { Running } from './helpers/processes'
import { upgrade } from './helpers/websocket'

// nuxt-auth's local provider on production builds: test/fixtures/local verifies RS256 and ES256
// tokens against a key set this test serves (its URL given at start with NUXT_RBAC_LOCAL_VERIFY_JWKS),
// with a roles resolver; playground-local verifies HS256 tokens from its own backend; the authjs
// playground is the reference both must behave like.

/** The identity provider's JWKS endpoint: counts the requests it answers, and can be taken down and brought back. */
function keySetServer(port: number, keys: object[]) {
  let server: Server | undefined
  let requests = 0
  return {
    url: `http://127.0.0.1:${port}/jwks.json`,
    get requests() {
      return requests
    },
    async up(): Promise<void> {
      if (server) {
        return
      }
      const listening = createServer((request, response) => {
        requests++
        response.writeHead(200, { 'content-type': 'application/json' })
        response.end(JSON.stringify({ keys }))
      })
      await new Promise<void>((resolve, reject) => {
        listening.once('error', reject)
        listening.listen(port, '127.0.0.1', () => resolve())
      })
      server = listening
    },
    async down(): Promise<void> {
      const stopping = server
      server = undefined
      if (stopping) {
        // Node's fetch keeps connections alive: without this, the Nitro server would still reach it.
        stopping.closeAllConnections()
        await new Promise(resolve => stopping.close(resolve))
      }
    },
  }
}

const ISSUER = 'https://id.local-fixture.test'
const AUDIENCE = 'local-fixture'

const rsa = await generateKeyPair('RS256')
const ec = await generateKeyPair('ES256')
// A key pair the identity provider does not publish: whoever holds it is not the provider.
const outsider = await generateKeyPair('RS256')
const publishedKeys = [
  { ...await exportJWK(rsa.publicKey), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
  { ...await exportJWK(ec.publicKey), kid: 'ec-1', alg: 'ES256', use: 'sig' },
]

// Down until the first test brings it up: the server below starts cold, with no keys fetched.
const keySet = keySetServer(await getRandomPort('127.0.0.1'), publishedKeys)
// Revocations and cached roles in memory: on disk (.data/rbac of the working directory) they would
// be shared with every other server the tests start there, and with the next run.
const inMemory = { NUXT_RBAC_FRESHNESS_PERSIST: '' }
await setupBuiltApp(builtApps.local, { NUXT_RBAC_LOCAL_VERIFY_JWKS: keySet.url, ...inMemory }, {}, '/api/backend')
afterAll(() => keySet.down())

const providerSigned: LocalTokenOptions = { privateKey: rsa.privateKey, algorithm: 'RS256', kid: 'rsa-1', issuer: ISSUER, audience: AUDIENCE, rolesClaim: 'realm_access.roles' }

/** A token the identity provider would issue for the user (the fixture's directory decides the roles). */
function providerToken(uid: string, options: LocalTokenOptions = {}, claims: Omit<TestUser, 'uid'> = {}): Promise<string> {
  return localToken({ uid, ...claims }, { ...providerSigned, ...options })
}

/** The claims the provider would put in a token for `uid`, for tokens the test builds by hand. */
function claimsFor(uid: string | undefined): JWTPayload {
  return { ...(uid === undefined ? {} : { sub: uid }), realm_access: { roles: ['admin'] }, iss: ISSUER, aud: AUDIENCE }
}

const nowSeconds = () => Math.floor(Date.now() / 1000)

function send(path: string, headers: Record<string, string> = {}, init: RequestInit = {}, origin?: string): Promise<Response> {
  return fetch(origin ? `${origin}${path}` : url(path), { redirect: 'manual', ...init, headers })
}

async function statusOf(path: string, headers: Record<string, string> = {}, init: RequestInit = {}, origin?: string): Promise<number> {
  const response = await send(path, headers, init, origin)
  await response.body?.cancel()
  return response.status
}

const editorDrafts = '/api/editor/drafts'

/** For the blocks after the cold start: the key set is up (already, when the whole file runs; not when one block runs alone with -t). */
function withKeySetUp(): void {
  beforeAll(() => keySet.up())
}

describe('a cold server whose key set is unreachable', () => {
  it('answers 503 to a request with a token, says nothing of it, and recovers once the key set is back', async () => {
    const token = await providerToken('u2')
    const refused = await send(editorDrafts, bearer(token))
    expect(refused.status).toBe(503)
    const body = await refused.text()
    expect(body).not.toContain(token)
    expect(body).not.toMatch(/at .*\.m?js:\d+/)
    // Open routes and requests without a token do not need the keys.
    expect(await statusOf('/api/open')).toBe(200)
    expect(await statusOf(editorDrafts)).toBe(401)
    expect(await statusOf(editorDrafts, bearer(token))).toBe(503)

    await keySet.up()
    const served = await send(editorDrafts, bearer(token))
    expect(served.status).toBe(200)
    expect(await served.json()).toEqual({ drafts: [{ id: 1, authorId: 'u2' }] })
    expect(keySet.requests).toBe(1)
  })

  it('keeps the fetched keys: a hundred requests, no further fetch', async () => {
    const before = keySet.requests
    const token = await providerToken('u2')
    const statuses = await Promise.all(Array.from({ length: 100 }, () => statusOf(editorDrafts, bearer(token))))
    expect(new Set(statuses)).toEqual(new Set([200]))
    expect(keySet.requests).toBe(before)
  })
})

describe('a key set that answers wrong, on another cold server', () => {
  type Mode = 'error' | 'not-json' | 'not-a-key-set' | 'hang' | 'ok'
  let mode: Mode = 'error'
  let requests = 0
  let keyServer: Server | undefined
  let app: Running | undefined
  let origin = ''

  beforeAll(async () => {
    keyServer = createServer((request, response) => {
      requests++
      if (mode === 'hang') {
        return
      }
      const [status, body] = ({ 'error': [500, 'oops'], 'not-json': [200, '<html>'], 'not-a-key-set': [200, '{"keys":"none"}'], 'ok': [200, JSON.stringify({ keys: publishedKeys })] } as const)[mode]
      response.writeHead(status, { 'content-type': 'application/json' })
      response.end(body)
    })
    await new Promise<void>(resolve => keyServer!.listen(0, '127.0.0.1', () => resolve()))
    const address = keyServer.address() as { port: number }
    const port = await getRandomPort('127.0.0.1')
    origin = `http://127.0.0.1:${port}`
    app = await startNitro(join(builtApps.local, '.output'), port, { NUXT_RBAC_LOCAL_VERIFY_JWKS: `http://127.0.0.1:${address.port}/jwks.json`, AUTH_ORIGIN: `${origin}/api/backend`, ...inMemory })
  })
  afterAll(async () => {
    await app?.stop()
    keyServer?.closeAllConnections()
    await new Promise(resolve => keyServer?.close(resolve))
  })

  it.each(['error', 'not-json', 'not-a-key-set'] as const)('answers %s: 503, short and without a stack', async (answer) => {
    mode = answer
    const response = await send(editorDrafts, bearer(await providerToken('u2')), {}, origin)
    expect(response.status).toBe(503)
    const body = await response.json() as Record<string, unknown>
    expect(body).toMatchObject({ statusCode: 503, statusMessage: 'Service Unavailable' })
    expect(JSON.stringify(body)).not.toMatch(/jwks|stack|\.m?js/i)
  })

  it('does not answer: 503 once the timeout (2 s) is over, not later', async () => {
    mode = 'hang'
    const started = Date.now()
    expect(await statusOf(editorDrafts, bearer(await providerToken('u2')), {}, origin)).toBe(503)
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900)
    // Well before anything a client would wait for; loose, as other work may share the machine.
    expect(Date.now() - started).toBeLessThan(6000)
  })

  it('answers again: concurrent first requests share one fetch, and all pass', async () => {
    mode = 'ok'
    const before = requests
    const token = await providerToken('u2')
    const statuses = await Promise.all(Array.from({ length: 20 }, () => statusOf(editorDrafts, bearer(token), {}, origin)))
    expect(new Set(statuses)).toEqual(new Set([200]))
    expect(requests - before).toBe(1)
  })
})

describe('what the server takes from a valid token', () => {
  withKeySetUp()
  it('the uid from sub, the roles from the resolver, the carrier, and no authjs token', async () => {
    const response = await send('/api/me', bearer(await providerToken('u1')))
    expect(await response.json()).toEqual({ signedIn: true, source: 'local', from: 'header', uid: 'u1', roles: ['admin'], effectiveRoles: ['admin', 'editor', 'viewer'], hasToken: false })
    const fromCookie = await send('/api/me', { cookie: localTokenCookie(await providerToken('u3')) })
    expect(await fromCookie.json()).toMatchObject({ from: 'cookie', uid: 'u3', roles: ['viewer'] })
  })

  it('accepts both algorithms of the allow-list, each with its own key', async () => {
    const esToken = await providerToken('u2', { privateKey: ec.privateKey, algorithm: 'ES256', kid: 'ec-1' })
    expect(await statusOf(editorDrafts, bearer(esToken))).toBe(200)
    expect(await statusOf(editorDrafts, bearer(await providerToken('u2')))).toBe(200)
  })

  it('requireAbility decides on the server\'s record: editors their own posts, admins any', async () => {
    const put = async (post: string, uid: string) => statusOf(`/api/posts/${post}`, bearer(await providerToken(uid)), { method: 'PUT' })
    expect(await put('p2', 'u2')).toBe(200)
    expect(await put('p4', 'u2')).toBe(403)
    expect(await put('p4', 'u1')).toBe(200)
    expect(await put('p2', 'u3')).toBe(403)
    expect(await statusOf('/api/posts/p2', {}, { method: 'PUT' })).toBe(401)
  })
})

describe('tokens the identity provider did not issue, or not as a session: 401', () => {
  withKeySetUp()
  const header = { alg: 'RS256', kid: 'rsa-1', typ: 'JWT' }
  const expiresSoon = () => nowSeconds() + 600

  const cases: Array<[string, () => Promise<string>]> = [
    ['signed with a key the provider does not publish, under its kid', async () => providerToken('u1', { privateKey: outsider.privateKey })],
    ['a valid signature over other claims (payload swapped)', async () => {
      const [head, , signature] = (await providerToken('u3')).split('.')
      const payload = (await providerToken('u1')).split('.')[1]
      return `${head}.${payload}.${signature}`
    }],
    ['expired beyond the clock tolerance', async () => providerToken('u1', { expiresIn: -60 })],
    ['from another issuer', async () => providerToken('u1', { issuer: 'https://id.elsewhere.test' })],
    ['for another audience', async () => providerToken('u1', { audience: 'another-app' })],
    ['with no issuer', async () => providerToken('u1', { issuer: undefined })],
    ['alg: none', async () => new UnsecuredJWT(claimsFor('u1')).setIssuedAt().setExpirationTime(expiresSoon()).encode()],
    ['alg: none with a signature left on', async () => {
      const [head, payload] = (new UnsecuredJWT(claimsFor('u1')).setIssuedAt().setExpirationTime(expiresSoon()).encode()).split('.')
      return `${head}.${payload}.${(await providerToken('u1')).split('.')[2]}`
    }],
    ['HS256 keyed with the provider\'s RSA public key (RS/HS confusion)', async () => {
      const publicPem = new TextEncoder().encode(await exportSPKI(rsa.publicKey))
      return await new SignJWT(claimsFor('u1')).setProtectedHeader({ ...header, alg: 'HS256' }).setIssuedAt().setExpirationTime(expiresSoon()).sign(publicPem)
    }],
    ['an RSA algorithm outside the allow-list (PS256) with the provider\'s own key', async () => providerToken('u1', { algorithm: 'PS256' })],
    ['an unknown kid', async () => providerToken('u1', { privateKey: outsider.privateKey, kid: 'rsa-2' })],
    ['the ES256 key\'s kid on an RS256 signature', async () => providerToken('u1', { kid: 'ec-1' })],
    ['no exp', async () => new SignJWT(claimsFor('u1')).setProtectedHeader(header).setIssuedAt().sign(rsa.privateKey)],
    ['no uid claim', async () => new SignJWT(claimsFor(undefined)).setProtectedHeader(header).setIssuedAt().setExpirationTime(expiresSoon()).sign(rsa.privateKey)],
    ['an empty uid claim', async () => new SignJWT(claimsFor('')).setProtectedHeader(header).setIssuedAt().setExpirationTime(expiresSoon()).sign(rsa.privateKey)],
    ['not before a time still to come', async () => new SignJWT(claimsFor('u1')).setProtectedHeader(header).setIssuedAt().setNotBefore(nowSeconds() + 300).setExpirationTime(expiresSoon()).sign(rsa.privateKey)],
    // Revocation counts against iat: a token issued after every revocation of its user escapes them all.
    ['issued in the future, beyond the clock tolerance', async () => new SignJWT(claimsFor('u1')).setProtectedHeader(header).setIssuedAt(nowSeconds() + 120).setExpirationTime(nowSeconds() + 600).sign(rsa.privateKey)],
    ['not a JWT at all', async () => 'not.a.token'],
  ]

  it.each(cases)('%s: 401 from the header and from the cookie, on requireRole, a route rule and getRbac', async (_name, make) => {
    const token = await make()
    for (const carrier of [bearer(token), { cookie: localTokenCookie(token) }]) {
      expect(await statusOf(editorDrafts, carrier)).toBe(401)
      expect(await statusOf('/api/admin/users', carrier)).toBe(401)
      expect(await (await send('/api/me', carrier)).json()).toEqual({ signedIn: false })
    }
  })

  it('an unknown kid fetches the key set at most once per floor, however many arrive', async () => {
    const before = keySet.requests
    const statuses = []
    for (let index = 0; index < 20; index++) {
      statuses.push(await statusOf(editorDrafts, bearer(await providerToken('u1', { privateKey: outsider.privateKey, kid: `rotated-${index}` }))))
    }
    expect(new Set(statuses)).toEqual(new Set([401]))
    expect(keySet.requests - before).toBeLessThanOrEqual(1)
  })

  it('no mutation of a valid token\'s header, payload or signature passes (property)', async () => {
    const valid = await providerToken('u1')
    expect(await statusOf(editorDrafts, bearer(valid))).toBe(200)
    const parts = valid.split('.')
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const decoded = (part: string) => Buffer.from(part, 'base64url').toString('hex')
    const encodeJson = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
    const original = [JSON.parse(Buffer.from(parts[0]!, 'base64url').toString()), JSON.parse(Buffer.from(parts[1]!, 'base64url').toString())] as Array<Record<string, unknown>>

    const characterEdit = fc.record({ kind: fc.constant('character' as const), part: fc.integer({ min: 0, max: 2 }), at: fc.nat(), character: fc.constantFrom(...alphabet, '=', '+', '/', ' ', '%') })
    const claimEdit = fc.record({
      kind: fc.constant('claim' as const),
      part: fc.integer({ min: 0, max: 1 }),
      key: fc.constantFrom('alg', 'kid', 'typ', 'crit', 'jwk', 'sub', 'iss', 'aud', 'exp', 'nbf', 'realm_access', '__proto__'),
      value: fc.jsonValue({ maxDepth: 2 }),
    })
    await fc.assert(fc.asyncProperty(fc.oneof(characterEdit, claimEdit), async (edit) => {
      const mutated = [...parts]
      if (edit.kind === 'character') {
        const part = parts[edit.part]!
        const at = edit.at % part.length
        mutated[edit.part] = part.slice(0, at) + edit.character + part.slice(at + 1)
      }
      else {
        mutated[edit.part] = encodeJson({ ...original[edit.part], [edit.key]: edit.value })
      }
      // The signature's last character carries unused bits: an edit there that decodes to the same
      // bytes is the same signature, not a forgery (header and payload are verified as sent).
      fc.pre(mutated[0] !== parts[0] || mutated[1] !== parts[1] || decoded(mutated[2]!) !== decoded(parts[2]!))
      expect(await statusOf(editorDrafts, bearer(mutated.join('.')))).toBe(401)
    }), { numRuns: 150 })
  })
})

describe('a valid token in another spelling: 401, before any cryptography, never cached', () => {
  withKeySetUp()
  const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  /** The signature with its last character's unused bits set otherwise: the same bytes once decoded. */
  const spareBitsChanged = (token: string) => {
    const last = BASE64URL.indexOf(token.at(-1)!)
    return `${token.slice(0, -1)}${BASE64URL[last ^ 1]}`
  }
  const respellings: Array<[string, (token: string) => string]> = [
    ['a character base64url decoding skips, appended (!)', token => `${token}!`],
    ['others it skips ($, *, ~), inside the signature', token => `${token.slice(0, -10)}$*~${token.slice(-10)}`],
    ['base64 padding on the signature', token => `${token}==`],
    ['the unused bits of the signature\'s last character set', spareBitsChanged],
    ['12 000 characters it skips appended', token => `${token}${'!'.repeat(12_000)}`],
  ]

  it.each(respellings)('%s: 401 from the header and from the cookie', async (_name, respell) => {
    const token = await providerToken('u1')
    expect(await statusOf('/api/admin/users', bearer(token))).toBe(200)
    const respelled = respell(token)
    expect(respelled).not.toBe(token)
    expect(await statusOf('/api/admin/users', bearer(respelled))).toBe(401)
    if (respelled.length < 4000) {
      expect(await statusOf('/api/admin/users', { cookie: localTokenCookie(respelled) })).toBe(401)
    }
  })

  it('a validly signed token over 8 KiB: 401 (no token is cached at that size)', async () => {
    const large = await new SignJWT({ ...claimsFor('u1'), padding: 'x'.repeat(7000) }).setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' }).setIssuedAt().setExpirationTime(nowSeconds() + 600).sign(rsa.privateKey)
    expect(large.length).toBeGreaterThan(8192)
    expect(await statusOf('/api/admin/users', bearer(large))).toBe(401)
    const fits = await new SignJWT({ ...claimsFor('u1'), padding: 'x'.repeat(5000) }).setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' }).setIssuedAt().setExpirationTime(nowSeconds() + 600).sign(rsa.privateKey)
    expect(fits.length).toBeLessThanOrEqual(8192)
    expect(await statusOf('/api/admin/users', bearer(fits))).toBe(200)
  })
})

describe('one credential per request: the header decides', () => {
  withKeySetUp()
  const cookieOf = async (uid: string) => ({ cookie: localTokenCookie(await providerToken(uid)) })

  it('a token in the header and another in the cookie: the header\'s user, both ways', async () => {
    const adminHeaderViewerCookie = { ...bearer(await providerToken('u1')), ...await cookieOf('u3') }
    expect(await (await send('/api/me', adminHeaderViewerCookie)).json()).toMatchObject({ uid: 'u1', from: 'header' })
    expect(await statusOf('/api/admin/users', adminHeaderViewerCookie)).toBe(200)
    const viewerHeaderAdminCookie = { ...bearer(await providerToken('u3')), ...await cookieOf('u1') }
    expect(await statusOf('/api/admin/users', viewerHeaderAdminCookie)).toBe(403)
    expect(await statusOf(editorDrafts, viewerHeaderAdminCookie)).toBe(403)
  })

  it.each([
    ['a scheme with no token', 'Bearer'],
    ['two tokens', 'Bearer a.b.c d.e.f'],
    ['a forged token', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1MSJ9.'],
    ['a forged token, the scheme in other case', 'bEARER eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1MSJ9.'],
  ])('a malformed Bearer header (%s) beside a valid admin cookie: 401, the cookie is not read', async (_name, authorization) => {
    const headers = { authorization, ...await cookieOf('u1') }
    expect(await statusOf('/api/admin/users', headers)).toBe(401)
    expect(await (await send('/api/me', headers)).json()).toEqual({ signedIn: false })
  })

  it.each([
    ['another scheme (a staging site behind HTTP Basic)', 'Basic dXNlcjpwYXNz'],
    ['an empty header', ''],
  ])('an Authorization header that is not the provider\'s (%s) hides nothing: the cookie decides', async (_name, authorization) => {
    expect(await statusOf('/api/admin/users', { authorization, ...await cookieOf('u1') })).toBe(200)
    expect(await statusOf('/api/admin/users', { authorization, ...await cookieOf('u3') })).toBe(403)
    expect(await statusOf('/api/admin/users', { authorization })).toBe(401)
  })

  it('an authjs session cookie means nothing to a local app', async () => {
    const authjs = await sessionCookie({ role: 'admin', uid: 'u1' }, { secret: TEST_SECRET })
    expect(await statusOf('/api/admin/users', { cookie: authjs })).toBe(401)
  })
})

describe('cookie-borne writes come from this origin', () => {
  withKeySetUp()
  const post = { method: 'POST' }
  const cookieOf = async (uid: string) => ({ cookie: localTokenCookie(await providerToken(uid)) })

  it('another origin or another site: 401, the cookie does not count', async () => {
    expect(await statusOf(editorDrafts, { ...await cookieOf('u2'), origin: 'https://evil.example' }, post)).toBe(401)
    expect(await statusOf(editorDrafts, { ...await cookieOf('u2'), 'sec-fetch-site': 'cross-site' }, post)).toBe(401)
    // Same-site is not same-origin: a sibling subdomain could send it.
    expect(await statusOf(editorDrafts, { ...await cookieOf('u2'), 'sec-fetch-site': 'same-site' }, post)).toBe(401)
    // Sec-Fetch-Site is what the browser says; a same-origin Origin does not outvote it.
    expect(await statusOf(editorDrafts, { ...await cookieOf('u2'), 'sec-fetch-site': 'cross-site', 'origin': new URL(url('/')).origin }, post)).toBe(401)
    expect(await statusOf('/api/posts/p2', { ...await cookieOf('u2'), origin: 'https://evil.example' }, { method: 'PUT' })).toBe(401)
  })

  it('this origin, or a client that is not a browser: 200', async () => {
    const created = await send(editorDrafts, { ...await cookieOf('u2'), 'sec-fetch-site': 'same-origin' }, post)
    expect(created.status).toBe(200)
    expect(await created.json()).toEqual({ created: true, authorId: 'u2' })
    expect(await statusOf(editorDrafts, { ...await cookieOf('u2'), origin: new URL(url('/')).origin }, post)).toBe(200)
    expect(await statusOf(editorDrafts, await cookieOf('u2'), post)).toBe(200)
  })

  it('reads are not affected, nor is a token in the header (a page cannot make a browser send one)', async () => {
    expect(await statusOf(editorDrafts, { ...await cookieOf('u2'), 'origin': 'https://evil.example', 'sec-fetch-site': 'cross-site' })).toBe(200)
    expect(await statusOf(editorDrafts, { ...bearer(await providerToken('u2')), 'origin': 'https://evil.example', 'sec-fetch-site': 'cross-site' }, post)).toBe(200)
  })
})

describe('a cookie-borne websocket upgrade comes from this origin', () => {
  withKeySetUp()
  const ws = '/api/admin/ws'
  const adminCookie = async () => localTokenCookie(await providerToken('u1'))

  it.each([
    ['another origin', { origin: 'http://evil.example' }],
    ['a sibling subdomain (same-site, not same-origin)', { 'origin': 'http://evil.127.0.0.1.example', 'sec-fetch-site': 'same-site' }],
    ['another site, said by Sec-Fetch-Site only', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site beside this origin\'s Origin', { 'sec-fetch-site': 'same-site', 'origin': 'THIS-ORIGIN' }],
    ['Sec-Fetch-Site: none (no page opens a socket without script)', { 'sec-fetch-site': 'none' }],
  ])('%s: 401, the socket never opens', async (_name, headers) => {
    const thisOrigin = new URL(url('/')).origin
    const sent = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, value === 'THIS-ORIGIN' ? thisOrigin : value]))
    const answer = await upgrade(ws, await adminCookie(), sent)
    expect(answer.status).toBe(401)
    expect(answer.body).not.toContain('ADMIN-WS-OPEN')
  })

  it('this origin, a client that is not a browser, or the token in the header: the upgrade is decided by role', async () => {
    const thisOrigin = new URL(url('/')).origin
    expect(await upgrade(ws, await adminCookie(), { origin: thisOrigin })).toEqual({ status: 101, body: 'ADMIN-WS-OPEN' })
    expect(await upgrade(ws, await adminCookie(), { 'origin': thisOrigin, 'sec-fetch-site': 'same-origin' })).toEqual({ status: 101, body: 'ADMIN-WS-OPEN' })
    expect(await upgrade(ws, await adminCookie())).toEqual({ status: 101, body: 'ADMIN-WS-OPEN' })
    expect((await upgrade(ws, localTokenCookie(await providerToken('u3')), { origin: thisOrigin })).status).toBe(403)
    // A page cannot give a websocket a header: the token in one counts from anywhere.
    expect(await upgrade(ws, null, { ...bearer(await providerToken('u1')), origin: 'http://evil.example' })).toEqual({ status: 101, body: 'ADMIN-WS-OPEN' })
  })
})

describe('guarded responses are private and vary on what identified the caller', () => {
  withKeySetUp()
  it.each([
    ['requireRole', editorDrafts],
    ['a route rule', '/api/admin/users'],
  ])('%s: 200, 401 and 403 alike', async (_name, path) => {
    for (const headers of [bearer(await providerToken('u1')), {}, bearer(await providerToken('u3')), { cookie: localTokenCookie(await providerToken('u1')) }]) {
      const response = await send(path, headers)
      await response.body?.cancel()
      const vary = (response.headers.get('vary') ?? '').split(',').map(name => name.trim().toLowerCase())
      expect(vary, `${path} ${response.status}`).toEqual(expect.arrayContaining(['cookie', 'authorization']))
      expect(response.headers.get('cache-control')).toBe('private, no-store')
    }
  })
})

describe('fresh roles and revocation, keyed on the token\'s uid and iat', () => {
  withKeySetUp()
  const admin = async () => bearer(await providerToken('u1'))
  const post = async (path: string, body?: unknown) => {
    const response = await send(path, { ...await admin(), 'content-type': 'application/json' }, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) })
    expect(response.status, path).toBe(200)
    await response.body?.cancel()
  }

  it('revokeSessions: the old token 401 at once; one issued a second later 200', async () => {
    const old = await providerToken('u5')
    expect(await statusOf(editorDrafts, bearer(old))).toBe(200)
    // The server's revocation second lies between these two readings of the clock.
    const notAfterRevocation = nowSeconds()
    await post('/api/admin/users/u5/revoke')
    const revokedAt = nowSeconds()
    expect(await statusOf(editorDrafts, bearer(old))).toBe(401)
    expect(await statusOf(editorDrafts, { cookie: localTokenCookie(old) })).toBe(401)
    // Issued in the second of the revocation: revoked too (iat has a one-second grain).
    const sameSecond = await new SignJWT(claimsFor('u5')).setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' }).setIssuedAt(notAfterRevocation).setExpirationTime(nowSeconds() + 600).sign(rsa.privateKey)
    expect(await statusOf(editorDrafts, bearer(sameSecond))).toBe(401)
    await new Promise(resolve => setTimeout(resolve, (revokedAt + 1) * 1000 - Date.now() + 50))
    const fresh = await providerToken('u5')
    expect(await statusOf(editorDrafts, bearer(fresh))).toBe(200)
    // Other users' sessions are untouched.
    expect(await statusOf(editorDrafts, bearer(await providerToken('u4')))).toBe(200)
  })

  it('refreshRoles: the resolver\'s new roles at once; without it, the cached ones until maxAge', async () => {
    // The token claims admin throughout: with a resolver, the directory decides.
    const token = bearer(await providerToken('u6', {}, { roles: ['admin'] }))
    expect(await statusOf(editorDrafts, token)).toBe(403)
    await post('/api/admin/users/u6/roles', { roles: ['editor'] })
    expect(await statusOf(editorDrafts, token)).toBe(403)
    await post('/api/admin/users/u6/roles?refresh=1', { roles: ['editor'] })
    expect(await statusOf(editorDrafts, token)).toBe(200)
    expect(await (await send('/api/me', token)).json()).toMatchObject({ uid: 'u6', roles: ['editor'], effectiveRoles: ['editor', 'viewer'] })
    expect(await statusOf('/api/admin/users', token)).toBe(403)
  })

  it('a token without iat: 401, however long it lives (a revocation of it could not be remembered long enough), said once', async () => {
    const signed = (exp: number, iat?: number) => {
      const jwt = new SignJWT(claimsFor('u4')).setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' }).setExpirationTime(exp)
      return (iat === undefined ? jwt : jwt.setIssuedAt(iat)).sign(rsa.privateKey)
    }
    const tenYears = nowSeconds() + 10 * 365 * 24 * 60 * 60
    expect(await statusOf(editorDrafts, bearer(await signed(tenYears)))).toBe(401)
    expect(await statusOf(editorDrafts, { cookie: localTokenCookie(await signed(nowSeconds() + 600)) })).toBe(401)
    expect(await statusOf(editorDrafts, bearer(await signed(nowSeconds() + 600)))).toBe(401)
    // With iat: the same user and lifetime pass; ten years is longer than sessionMaxAge (30 days).
    expect(await statusOf(editorDrafts, bearer(await signed(nowSeconds() + 600, nowSeconds())))).toBe(200)
    expect(await statusOf(editorDrafts, bearer(await signed(tenYears, nowSeconds())))).toBe(401)
    await new Promise(resolve => setTimeout(resolve, 300))
    const said = (useTestContext().serverLogs ?? []).filter(line => line.includes('A token without `iat` was refused'))
    expect(said).toHaveLength(1)
    expect(said[0]).toContain('Have your backend put `iat`')
  })

  it('a uid the directory does not know: 401', async () => {
    expect(await statusOf(editorDrafts, bearer(await providerToken('nobody')))).toBe(401)
  })
})

describe('side by side: authjs (playground), local HS256 (playground-local), local JWKS (this fixture)', () => {
  withKeySetUp()
  // playground-local verifies with the secret from the environment, not the demo one in its nuxt.config.
  const localSecret = 'side-by-side-secret-0123456789'
  const hs256 = { secret: localSecret, issuer: 'playground-local-backend', audience: 'playground-local' }
  const servers: Running[] = []
  const origins = { authjs: '', hs256: '', jwks: '' }

  beforeAll(async () => {
    const authjsPort = await getRandomPort('127.0.0.1')
    const hs256Port = await getRandomPort('127.0.0.1')
    servers.push(await startNitro(join(builtApps.playground, '.output'), authjsPort, { NUXT_AUTH_SECRET: TEST_SECRET, AUTH_ORIGIN: `http://127.0.0.1:${authjsPort}/api/auth`, ...inMemory }, '/api/me'))
    servers.push(await startNitro(join(builtApps.playgroundLocal, '.output'), hs256Port, { NUXT_RBAC_LOCAL_VERIFY_SECRET: localSecret, NUXT_BACKEND_JWT_SECRET: localSecret, AUTH_ORIGIN: `http://127.0.0.1:${hs256Port}/api/backend` }, '/api/me'))
    origins.authjs = `http://127.0.0.1:${authjsPort}`
    origins.hs256 = `http://127.0.0.1:${hs256Port}`
  })
  // The test context (and with it url()) exists only inside a test.
  beforeEach(() => {
    origins.jwks = new URL(url('/')).origin
  })
  afterAll(async () => {
    await Promise.all(servers.map(server => server.stop()))
  })

  type App = keyof typeof origins
  type Who = 'anonymous' | 'viewer' | 'editor' | 'admin'
  const uids: Record<App, Record<Exclude<Who, 'anonymous'>, string>> = {
    authjs: { viewer: '3', editor: '2', admin: '1' },
    hs256: { viewer: 'u3', editor: 'u2', admin: 'u1' },
    jwks: { viewer: 'u3', editor: 'u2', admin: 'u1' },
  }

  /** Every way the app's users send their credential: the session cookie (authjs); the header and the token cookie (local). */
  async function credentials(app: App, who: Who): Promise<Array<Record<string, string>>> {
    if (who === 'anonymous') {
      return [{}]
    }
    const uid = uids[app][who]
    if (app === 'authjs') {
      return [{ cookie: await sessionCookie({ uid, role: who }, { secret: TEST_SECRET }) }]
    }
    const token = app === 'hs256' ? await localToken({ uid, role: who }, hs256) : await providerToken(uid)
    return [bearer(token), { cookie: localTokenCookie(token) }]
  }

  const apiExpectations: Array<[string, Record<Who, number>]> = [
    ['/api/admin/users', { anonymous: 401, viewer: 403, editor: 403, admin: 200 }],
    ['/api/editor/drafts', { anonymous: 401, viewer: 403, editor: 200, admin: 200 }],
  ]
  const apps: App[] = ['authjs', 'hs256', 'jwks']

  it.each(apps)('%s: the same 401/403/200 on a route rule and on requireRole', async (app) => {
    for (const [path, expected] of apiExpectations) {
      for (const who of Object.keys(expected) as Who[]) {
        for (const headers of await credentials(app, who)) {
          const response = await send(path, headers, {}, origins[app])
          await response.body?.cancel()
          expect(response.status, `${app} ${path} as ${who} (${Object.keys(headers).join() || 'nothing'})`).toBe(expected[who])
        }
      }
    }
  })

  it.each(apps)('%s: the guarded SSR page sends the signed-out to sign-in, denies the viewer, shows the admin', async (app) => {
    const page = async (who: Who) => {
      const [cookieCarrier] = (await credentials(app, who)).filter(headers => who === 'anonymous' || 'cookie' in headers)
      return send('/admin', cookieCarrier, {}, origins[app])
    }
    const anonymous = await page('anonymous')
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('location')).toMatch(/\/(login|api\/auth\/signin)\?/)
    const viewer = await page('viewer')
    expect([403, 302]).toContain(viewer.status)
    if (viewer.status === 302) {
      expect(viewer.headers.get('location')).toMatch(/^\/forbidden\?/)
    }
    expect(await viewer.text()).not.toMatch(/admin area|Admin area/)
    const admin = await page('admin')
    expect(admin.status).toBe(200)
    expect(await admin.text()).toMatch(/admin area|Admin area/)
  })

  it('a token from one source is nothing to the other', async () => {
    const localAdmin = await localToken({ uid: 'u1', role: 'admin' }, hs256)
    expect(await statusOf('/api/admin/users', bearer(localAdmin), {}, origins.authjs)).toBe(401)
    expect(await statusOf('/api/admin/users', { cookie: await sessionCookie({ uid: 'u1', role: 'admin' }, { secret: TEST_SECRET }) }, {}, origins.hs256)).toBe(401)
    // And one HS256 app's token is nothing to the JWKS app.
    expect(await statusOf('/api/admin/users', bearer(localAdmin), {}, origins.jwks)).toBe(401)
  })

  it('authjs: a session cookie in another spelling is no session (next-auth writes one spelling)', async () => {
    const cookie = await sessionCookie({ uid: '1', role: 'admin' }, { secret: TEST_SECRET })
    expect(await statusOf('/api/admin/users', { cookie }, {}, origins.authjs)).toBe(200)
    const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const last = BASE64URL.indexOf(cookie.at(-1)!)
    for (const respelled of [`${cookie}!`, `${cookie.slice(0, -8)}*$${cookie.slice(-8)}`, `${cookie.slice(0, -1)}${BASE64URL[last ^ 1]}`, `${cookie}${'~'.repeat(6000)}`]) {
      expect(await statusOf('/api/admin/users', { cookie: respelled }, {}, origins.authjs), respelled.slice(-12)).toBe(401)
    }
  })

  it('HS256: the secret comes from NUXT_RBAC_LOCAL_VERIFY_SECRET, and nothing else verifies', async () => {
    const admin = (options: LocalTokenOptions) => localToken({ uid: 'u1', role: 'admin' }, { ...hs256, ...options })
    expect(await statusOf('/api/admin/users', bearer(await admin({})), {}, origins.hs256)).toBe(200)
    const refused: Array<[string, string]> = [
      ['the demo secret in nuxt.config, overridden', await admin({ secret: 'playground-local-secret-change-me' })],
      ['another secret', await admin({ secret: 'not-the-secret-at-all' })],
      ['expired', await admin({ expiresIn: -60 })],
      ['another issuer', await admin({ issuer: 'someone-else' })],
      ['another audience', await admin({ audience: 'another-app' })],
      ['HS512, outside the allow-list', await admin({ algorithm: 'HS512' })],
      ['RS256 with the JWKS provider\'s key', await providerToken('u1', { issuer: hs256.issuer, audience: hs256.audience })],
      ['alg: none', new UnsecuredJWT({ sub: 'u1', roles: ['admin'], iss: hs256.issuer, aud: hs256.audience }).setIssuedAt().setExpirationTime(nowSeconds() + 600).encode()],
    ]
    for (const [name, token] of refused) {
      expect(await statusOf('/api/admin/users', bearer(token), {}, origins.hs256), name).toBe(401)
    }
  })

  it('HS256: a sign-in at the playground\'s own backend gives a token the guards take, with its roles claim', async () => {
    const signIn = await fetch(`${origins.hs256}/api/backend/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dan', password: 'dan-pass' }) })
    expect(signIn.status).toBe(200)
    const { token } = await signIn.json() as { token: string }
    const me = await send('/api/me', bearer(token), {}, origins.hs256)
    expect(await me.json()).toMatchObject({ signedIn: true, uid: 'u4', roles: ['billing'] })
    expect(await statusOf('/api/finance/invoices', bearer(token), {}, origins.hs256)).toBe(200)
    expect(await statusOf('/api/editor/drafts', bearer(token), {}, origins.hs256)).toBe(403)
  })
})

describe('the route-access audit of a local-provider app', () => {
  it('reads the app as it reads an authjs one: the matrix from route rules, guards and page meta', async () => {
    const bin = fileURLToPath(new URL('../../bin/nuxt-auth-rbac.mjs', import.meta.url))
    const { code, stdout } = await runCommand(process.execPath, [bin, 'audit', '--matrix'], { cwd: builtApps.local })
    expect(code).toBe(0)
    expect(stdout).toMatch(/route\s+admin\s+editor\s+viewer\s+\(signed out\)/)
    expect(stdout).toMatch(/page\s+\/admin\s+✓\s+·\s+·\s+·/)
    expect(stdout).toMatch(/GET\s+\/api\/admin\/users\s+✓\s+·\s+·\s+·/)
    expect(stdout).toMatch(/GET\s+\/api\/editor\/drafts\s+✓\s+✓\s+·\s+·/)
    expect(stdout).toMatch(/PUT\s+\/api\/posts\/:id\s+record\s+record\s+·\s+·/)
  })
})
