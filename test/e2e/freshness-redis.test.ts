import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getRandomPort } from 'get-port-please'
import { request, signIn } from './helpers/auth'
import { TEST_SECRET } from './helpers/app'
import { builtApps } from './helpers/apps'
import { redisDataDir, startNitro, startRedis } from './helpers/processes'
import type { Running } from './helpers/processes'

// Two production server processes of one build, sharing the auth secret and a real Redis (Debian's
// redis-server, started here on a free port) for the rbac state and the user directory.

let redis: Running
let redisPort: number
const dataDir = redisDataDir()
const servers: Running[] = []
const origins: string[] = []

beforeAll(async () => {
  redisPort = await getRandomPort('127.0.0.1')
  redis = await startRedis(redisPort, dataDir)
  for (let index = 0; index < 2; index++) {
    const port = await getRandomPort('127.0.0.1')
    servers.push(await startNitro(join(builtApps.fresh, '.output'), port, {
      AUTH_ORIGIN: `http://127.0.0.1:${port}/api/auth`,
      NUXT_AUTH_SECRET: TEST_SECRET,
      FRESH_REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    }))
    origins.push(`http://127.0.0.1:${port}`)
  }
}, 60_000)

afterAll(async () => {
  await Promise.all([...servers.map(server => server.stop()), redis?.stop()])
})

const [A, B] = [0, 1]

async function as(username: string, on: number): Promise<string> {
  const cookie = await signIn(username, 'pw', origins[on])
  expect(cookie, `${username} signs in on instance ${on}`).not.toBeNull()
  return cookie!
}

const status = async (path: string, cookie: string | undefined, on: number) => (await request(path, cookie, {}, origins[on])).status

async function adminOn(on: number, path: string, body?: unknown): Promise<void> {
  const response = await request(path, await as('ada', on), { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }, origins[on])
  expect(response.status, `admin ${path} on instance ${on}`).toBe(200)
}

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const started = Date.now()
  while (Date.now() - started < timeoutMs) {
    if (await check()) {
      return true
    }
    await new Promise(resolve => setTimeout(resolve, 200))
  }
  return false
}

describe('two servers, one Redis', () => {
  it('a session from instance A is honoured on instance B (same secret, same store)', async () => {
    const eddie = await as('eddie', A)
    expect(await status('/api/editor/drafts', eddie, A)).toBe(200)
    expect(await status('/api/editor/drafts', eddie, B)).toBe(200)
  })

  it('demote on A (refreshRoles): B denies on the next request', async () => {
    const eddie = await as('eddie', A)
    expect(await status('/api/editor/drafts', eddie, B)).toBe(200)
    await adminOn(A, '/api/admin/users/2/roles?refresh=1', { roles: ['viewer'] })
    expect(await status('/api/editor/drafts', eddie, B)).toBe(403)
    expect(await status('/api/editor/drafts', eddie, A)).toBe(403)
    await adminOn(B, '/api/admin/users/2/roles?refresh=1', { roles: ['editor'] })
    expect(await status('/api/editor/drafts', eddie, A)).toBe(200)
  })

  it('revoke on A: every earlier session answers 401 on B on the next request', async () => {
    const rae = await as('rae', B)
    expect(await status('/api/editor/drafts', rae, B)).toBe(200)
    await adminOn(A, '/api/admin/users/7/revoke')
    expect(await status('/api/editor/drafts', rae, B)).toBe(401)
    expect(await status('/api/editor/drafts', rae, A)).toBe(401)
  })

  it('Redis down: guarded routes 503 on both, unguarded 200; Redis back: both recover, revocations kept', async () => {
    const eddie = await as('eddie', A)
    // Signed in after her revocation: this session stands. Abe's is revoked and must stay so.
    const rae = await as('rae', A)
    const abe = await as('abe', B)
    await adminOn(B, '/api/admin/users/6/revoke')
    expect(await status('/api/admin/stats', abe, A)).toBe(401)

    await redis.stop('SIGKILL')
    for (const on of [A, B]) {
      // Each server keeps what it read while Redis' change channel is up (nothing can change while
      // Redis is down), so a request in the few milliseconds before the server notices may be answered
      // from those copies; from then on, every request needs the store.
      expect(await eventually(async () => await status('/api/editor/drafts', eddie, on) === 503, 2_000), `instance ${on} notices`).toBe(true)
      expect(await status('/api/editor/drafts', eddie, on)).toBe(503)
      // Whether Abe's session was revoked is in the store: refused, not passed and not 401.
      expect(await status('/api/admin/stats', abe, on)).toBe(503)
      expect(await status('/api/open', eddie, on)).toBe(200)
      expect(await status('/api/open', undefined, on)).toBe(200)
      // No session at all never needed the store: still 401.
      expect(await status('/api/editor/drafts', undefined, on)).toBe(401)
    }

    redis = await startRedis(redisPort, dataDir)
    for (const on of [A, B]) {
      expect(await eventually(async () => await status('/api/editor/drafts', eddie, on) === 200, 15_000), `instance ${on} recovers`).toBe(true)
      expect(await status('/api/editor/drafts', rae, on)).toBe(200)
      expect(await status('/api/admin/stats', abe, on)).toBe(401)
    }
  }, 60_000)
})
