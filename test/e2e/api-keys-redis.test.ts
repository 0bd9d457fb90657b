import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getRandomPort } from 'get-port-please'
import { request, signIn } from './helpers/auth'
import { TEST_SECRET } from './helpers/app'
import { builtApps } from './helpers/apps'
import { redisDataDir, startNitro, startRedis } from './helpers/processes'
import type { Running } from './helpers/processes'
import { createStorage } from 'unstorage'
import redisDriver from 'unstorage/drivers/redis'
import { apiKey, bearer, sessionToken } from '../../src/test-utils'

// API clients on two production server processes of one build (test/fixtures/api-keys), sharing
// the auth secret and a real Redis (Debian's redis-server on a free port) for the rbac state and
// the user directory the roles resolver reads. freshness.maxAge is 2 s.

let redis: Running
let redisUrl: string
const servers: Running[] = []
const origins: string[] = []
const serverLog: string[] = []
const [A, B] = [0, 1]
const MAX_AGE_MS = 2000

beforeAll(async () => {
  const redisPort = await getRandomPort('127.0.0.1')
  redis = await startRedis(redisPort, redisDataDir())
  redisUrl = `redis://127.0.0.1:${redisPort}`
  for (let index = 0; index < 2; index++) {
    const port = await getRandomPort('127.0.0.1')
    const server = await startNitro(join(builtApps.apiKeys, '.output'), port, {
      AUTH_ORIGIN: `http://127.0.0.1:${port}/api/auth`,
      NUXT_AUTH_SECRET: TEST_SECRET,
      KEYS_REDIS_URL: redisUrl,
    })
    server.process.stderr!.on('data', (text: string) => serverLog.push(text))
    servers.push(server)
    origins.push(`http://127.0.0.1:${port}`)
  }
}, 60_000)

afterAll(async () => {
  await Promise.all([...servers.map(server => server.stop()), redis?.stop()])
})

async function as(username: string, on = A): Promise<string> {
  const cookie = await signIn(username, 'pw', origins[on])
  expect(cookie, `${username} signs in on instance ${on}`).not.toBeNull()
  return cookie!
}

function call(path: string, on: number, init: { key?: string, cookie?: string, method?: string, headers?: Record<string, string>, body?: unknown } = {}): Promise<Response> {
  const headers: Record<string, string> = { ...init.key ? bearer(init.key) : {}, ...init.headers }
  if (init.body !== undefined) {
    headers['content-type'] = 'application/json'
  }
  return request(path, init.cookie, { method: init.method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) }, origins[on])
}

const status = async (path: string, on: number, init: Parameters<typeof call>[2] = {}) => (await call(path, on, init)).status

async function createKey(cookie: string, on: number, body: { name: string, roles?: string[], expiresIn?: number }): Promise<{ key: string, id: string, name: string, roles: string[] | null }> {
  const response = await call('/api/keys', on, { cookie, method: 'POST', body })
  expect(response.status, `create ${body.name}`).toBe(200)
  return await response.json() as { key: string, id: string, name: string, roles: string[] | null }
}

async function admin(path: string, on: number, body?: unknown): Promise<void> {
  const response = await call(path, on, { cookie: await as('ada', on), method: 'POST', body })
  expect(response.status, `admin ${path}`).toBe(200)
}

async function waitForStatus(path: string, on: number, key: string, wanted: number, deadlineMs: number): Promise<number> {
  const started = Date.now()
  while (Date.now() - started < deadlineMs) {
    if (await status(path, on, { key }) === wanted) {
      return Date.now() - started
    }
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  return Number.POSITIVE_INFINITY
}

describe('API keys on two servers, one Redis', () => {
  it('a key created on A works on B, says who it is, and is shown once', async () => {
    const eddie = await as('eddie', A)
    const created = await createKey(eddie, A, { name: 'CI deploy' })
    expect(created.key).toMatch(/^fixture_[0-9a-f]{16}_[\w-]{43}$/)
    expect(await status('/api/editor/drafts', B, { key: created.key })).toBe(200)
    const me = await (await call('/api/me', B, { key: created.key })).json()
    expect(me).toMatchObject({ uid: '2', via: 'api-key', from: 'header', apiKey: { id: created.id, name: 'CI deploy' }, roles: ['editor'] })
    // Listed on either server without its secret or hash.
    const listed = await (await call('/api/keys', B, { cookie: eddie })).json() as Array<Record<string, unknown>>
    expect(listed.map(key => key.id)).toContain(created.id)
    expect(JSON.stringify(listed)).not.toContain(created.key.slice(-43))
    expect(listed.every(key => !('hash' in key) && !('key' in key))).toBe(true)
  })

  it('revoked on A: 401 on B on the next request, and gone from the list', async () => {
    const rita = await as('rita', A)
    const { key, id } = await createKey(rita, A, { name: 'to revoke' })
    expect(await status('/api/editor/drafts', B, { key })).toBe(200)
    expect((await call(`/api/keys/${id}`, A, { cookie: rita, method: 'DELETE' })).status).toBe(200)
    expect(await status('/api/editor/drafts', B, { key })).toBe(401)
    expect(await status('/api/editor/drafts', A, { key })).toBe(401)
    const listed = await (await call('/api/keys', B, { cookie: rita })).json() as Array<{ id: string }>
    expect(listed.map(entry => entry.id)).not.toContain(id)
  })

  it('another user cannot revoke a key by its id', async () => {
    const rita = await as('rita', A)
    const { key, id } = await createKey(rita, A, { name: 'not yours' })
    expect((await call(`/api/keys/${id}`, B, { cookie: await as('vera', B), method: 'DELETE' })).status).toBe(404)
    expect(await status('/api/editor/drafts', A, { key })).toBe(200)
  })

  it('revokeSessions on A ends every key made before it, on B at once; a key made after works', async () => {
    const dora = await as('dora', A)
    const before = await createKey(dora, A, { name: 'before' })
    expect(await status('/api/admin/stats', B, { key: before.key })).toBe(200)
    await admin('/api/admin/users/7/revoke', A)
    expect(await status('/api/admin/stats', B, { key: before.key })).toBe(401)
    const after = await createKey(await as('dora', B), B, { name: 'after' })
    expect(await status('/api/admin/stats', A, { key: after.key })).toBe(200)
    expect(await status('/api/admin/stats', A, { key: before.key })).toBe(401)
  })

  it('owner demoted: the key answers 403 within maxAge; at once after refreshRoles; back with the role', async () => {
    const eddie = await as('eddie', A)
    const { key } = await createKey(eddie, A, { name: 'drafts bot' })
    expect(await status('/api/editor/drafts', B, { key })).toBe(200)
    await admin('/api/admin/users/2/roles', A, { roles: ['viewer'] })
    const after = await waitForStatus('/api/editor/drafts', B, key, 403, MAX_AGE_MS + 2000)
    expect(after).toBeLessThanOrEqual(MAX_AGE_MS + 500)
    await admin('/api/admin/users/2/roles?refresh=1', B, { roles: ['editor'] })
    expect(await status('/api/editor/drafts', A, { key })).toBe(200)
    await admin('/api/admin/users/2/roles?refresh=1', A, { roles: ['viewer'] })
    expect(await status('/api/editor/drafts', B, { key })).toBe(403)
    expect(await status('/api/editor/drafts', A, { key })).toBe(403)
    await admin('/api/admin/users/2/roles?refresh=1', A, { roles: ['editor'] })
  })

  it('owner gone: the key answers 401', async () => {
    const gina = await as('gina', A)
    const { key } = await createKey(gina, A, { name: 'orphan' })
    expect(await status('/api/editor/drafts', B, { key })).toBe(200)
    const response = await call('/api/admin/users/6', A, { cookie: await as('ada', A), method: 'DELETE' })
    expect(response.status).toBe(200)
    expect(await waitForStatus('/api/editor/drafts', B, key, 401, MAX_AGE_MS + 2000)).toBeLessThanOrEqual(MAX_AGE_MS + 500)
  })

  it('a key never reaches a role its owner lacks: roles narrow, never widen', async () => {
    const vera = await as('vera', A)
    // A viewer asks for an admin key: made, but it acts as a viewer at most.
    const { key } = await createKey(vera, A, { name: 'greedy', roles: ['admin'] })
    expect(await status('/api/admin/stats', B, { key })).toBe(403)
    expect(await status('/api/editor/drafts', B, { key })).toBe(403)
    const me = await (await call('/api/me', B, { key })).json()
    expect(me).toMatchObject({ roles: ['viewer'], effectiveRoles: ['viewer'] })

    const otto = await as('otto', A)
    const narrowed = await createKey(otto, A, { name: 'read only', roles: ['viewer'] })
    expect(await status('/api/keyonly/export', B, { key: narrowed.key })).toBe(200)
    expect(await status('/api/editor/drafts', B, { key: narrowed.key })).toBe(403)
    expect(await status('/api/admin/stats', B, { key: narrowed.key })).toBe(403)
    expect(await (await call('/api/me', B, { key: narrowed.key })).json()).toMatchObject({ roles: ['viewer'], effectiveRoles: ['viewer'] })
  })

  it('test-utils apiKey(): a key written to the server\'s Redis store from the test works, narrowed and bounded alike', async () => {
    const storage = createStorage({ driver: redisDriver({ url: redisUrl, base: 'keys:rbac' }) })
    try {
      const key = await apiKey({ uid: '4' }, { storage, prefix: 'fixture', roles: ['editor'] })
      expect(await status('/api/editor/drafts', A, { key })).toBe(200)
      expect(await status('/api/admin/stats', B, { key })).toBe(403)
      const listed = await (await call('/api/keys', B, { cookie: await as('otto', B) })).json() as Array<{ name: string }>
      expect(listed.map(entry => entry.name)).toContain('test key')
    }
    finally {
      await storage.dispose()
    }
  })

  it('via: session-only routes answer a key 401, key-only routes answer a session 401', async () => {
    const otto = await as('otto', A)
    const { key } = await createKey(otto, A, { name: 'admin key' })
    expect(await status('/api/admin/stats', B, { key })).toBe(200)
    expect(await status('/api/session-only/report', B, { key })).toBe(401)
    expect(await status('/api/session-only/report', B, { cookie: otto })).toBe(200)
    expect(await status('/api/keyonly/export', B, { key })).toBe(200)
    expect(await status('/api/keyonly/export', B, { cookie: otto })).toBe(401)
    // A key cannot make keys, change roles or revoke: those routes take sessions only.
    expect(await status('/api/keys', B, { key, method: 'POST', body: { name: 'child' } })).toBe(401)
    expect(await status('/api/admin/users/3/revoke', B, { key, method: 'POST' })).toBe(401)
  })

  it('the header decides alone: a bad key with a good cookie is 401, a good key with another user\'s cookie is the key\'s owner', async () => {
    const otto = await as('otto', A)
    const vera = await as('vera', A)
    const { key } = await createKey(vera, A, { name: 'viewer key' })
    // A well-formed key with another secret: its last character changed to another one that can end
    // a secret (A or E). Always A, a key that ended in A stayed the same key, once in 16.
    const wrong = `${key.slice(0, -1)}${key.endsWith('A') ? 'E' : 'A'}`
    expect(await status('/api/admin/stats', B, { key: wrong, cookie: otto })).toBe(401)
    expect(await status('/api/admin/stats', B, { key: 'fixture_malformed', cookie: otto })).toBe(401)
    expect(await status('/api/admin/stats', B, { key, cookie: otto })).toBe(403)
    expect(await (await call('/api/me', B, { key, cookie: otto })).json()).toMatchObject({ uid: '3', via: 'api-key' })
  })

  it('a CSRF-shaped request (cross-site, unsafe method) with only a header is accepted', async () => {
    const { key } = await createKey(await as('eddie', A), A, { name: 'writer' })
    const response = await call('/api/editor/drafts', B, { key, method: 'POST', headers: { 'origin': 'https://evil.example', 'sec-fetch-site': 'cross-site' }, body: {} })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ saved: true, via: 'api-key' })
  })

  it('guarded answers vary on Authorization and Cookie and are private', async () => {
    const { key } = await createKey(await as('eddie', A), A, { name: 'cache check' })
    for (const response of [await call('/api/editor/drafts', B, { key }), await call('/api/admin/stats', B, { key }), await call('/api/admin/stats', B)]) {
      const vary = (response.headers.get('vary') ?? '').toLowerCase()
      expect(vary).toContain('authorization')
      expect(vary).toContain('cookie')
      expect(response.headers.get('cache-control')).toContain('private')
    }
  })

  it('malformed, forged and foreign keys are 401, and the log never holds a key', async () => {
    const { key, id } = await createKey(await as('eddie', A), A, { name: 'real' })
    const secret = key.slice(-43)
    const attempts = [
      key.toUpperCase(),
      key.slice(0, -2),
      `${key}x`,
      `fixture_${id}_${'A'.repeat(43)}`,
      `fixture_${'0'.repeat(16)}_${secret}`,
      key.replace('fixture_', 'other_'),
      `fixture_${id.toUpperCase()}_${secret}`,
      '%',
      'fixture_%',
    ]
    for (const attempt of attempts) {
      expect(await status('/api/editor/drafts', B, { key: attempt }), attempt).toBe(401)
    }
    // The key in other schemes or places is not read as a key.
    expect(await status('/api/editor/drafts', B, { headers: { authorization: `Basic ${key}` } })).toBe(401)
    expect(await status('/api/editor/drafts', B, { headers: { authorization: `Bearer ${key} ${key}` } })).toBe(401)
    expect(await status('/api/editor/drafts', B, { cookie: `next-auth.session-token=${key}` })).toBe(401)
    expect(await status('/api/editor/drafts', B, { headers: { authorization: `bearer ${key}` } })).toBe(200)
    const log = serverLog.join('')
    expect(log).toContain('An API key was refused')
    expect(log).not.toContain(secret)
  })
})

describe('the session token as a bearer token (rbac.bearer)', () => {
  it('next-auth\'s own token in Authorization: Bearer is accepted like the cookie, and never crashes on %', async () => {
    const cookie = await as('eddie', A)
    const token = decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1))
    expect(await status('/api/editor/drafts', B, { headers: bearer(token) })).toBe(200)
    expect(await (await call('/api/me', B, { headers: bearer(token) })).json()).toMatchObject({ uid: '2', via: 'session', from: 'header' })
    expect(await status('/api/editor/drafts', B, { headers: { authorization: 'Bearer %' } })).toBe(401)
    expect(await status('/api/editor/drafts', B, { headers: { authorization: 'Bearer %E0%A4%A' } })).toBe(401)
  })

  it('the header beats the cookie: a bad bearer with a good cookie is 401; a viewer\'s bearer with an admin cookie is a viewer', async () => {
    const ada = await as('ada', A)
    expect(await status('/api/admin/stats', B, { cookie: ada, headers: { authorization: 'Bearer not-a-token' } })).toBe(401)
    const viewer = await sessionToken({ role: 'viewer', uid: '3' }, { secret: TEST_SECRET })
    expect(await status('/api/admin/stats', B, { cookie: ada, headers: bearer(viewer) })).toBe(403)
    expect(await status('/api/admin/stats', B, { cookie: ada })).toBe(200)
  })
})
