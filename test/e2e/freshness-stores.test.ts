import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getRandomPort } from 'get-port-please'
import { request, signIn } from './helpers/auth'
import { TEST_SECRET } from './helpers/app'
import { builtApps } from './helpers/apps'
import { redisDataDir, runCommand, startNitro, startRedis } from './helpers/processes'
import type { Running } from './helpers/processes'

// Where fresh roles keep their state. On Redis, without a store call per request: each server keeps what it read and is told
// by Redis pub/sub when a marker changes (two production servers of one build, one real Redis). On one
// server with no mount, on disk, so that a restart does not re-open revoked sessions.

let redis: Running
let redisPort: number
const dataDir = redisDataDir()
const servers: Running[] = []
const origins: string[] = []
const [A, B] = [0, 1]

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

async function redisCli(...args: string[]): Promise<string> {
  const result = await runCommand('redis-cli', ['-p', String(redisPort), ...args])
  expect(result.code, result.stderr).toBe(0)
  return result.stdout
}

/** How many multi-key reads Redis has answered so far (the guards read markers with MGET). */
async function storeReads(): Promise<number> {
  const stats = await redisCli('INFO', 'commandstats')
  return Number(/cmdstat_mget:calls=(\d+)/.exec(stats)?.[1] ?? 0)
}

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

/** Guarded requests in a row, and how many store reads they cost. */
async function readsFor(cookie: string, on: number, count: number): Promise<number> {
  const before = await storeReads()
  for (let index = 0; index < count; index++) {
    expect(await status('/api/editor/drafts', cookie, on)).toBe(200)
  }
  return await storeReads() - before
}

async function eventually(check: () => Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const started = Date.now()
  while (Date.now() - started < timeoutMs) {
    if (await check()) {
      return true
    }
    await new Promise(resolve => setTimeout(resolve, everyMs))
  }
  return false
}

/**
 * Whether B answers 401 within a second of a revocation on A: heard through the channel, since the
 * copy B read just before has another second to live (this app's maxAge is 2 s). Not "the very next
 * request": Redis writes A's reply before B's message, and with four processes on two cores A's
 * answer can reach B's next request first (bench/revocation.mjs: a few in a thousand; it measures
 * the latency, p99 in milliseconds).
 */
async function heardOnB(cookie: string): Promise<boolean> {
  return await eventually(async () => await status('/api/editor/drafts', cookie, B) === 401, 1_000, 5)
}

describe('markers kept locally, told when they change', () => {
  it('repeated guarded requests make no store call while the channel is up', async () => {
    const eddie = await as('eddie', A)
    // The first requests read (until B's subscription is confirmed); then, within maxAge (2 s here),
    // every request is answered from B's copies.
    expect(await eventually(async () => await readsFor(eddie, B, 2) === 0, 10_000)).toBe(true)
    expect(await readsFor(eddie, B, 10)).toBe(0)
  })

  it('a revocation on A is heard on B: 401 there within a second (long before its copy expires), ten times over', async () => {
    for (let round = 0; round < 10; round++) {
      const rae = await as('rae', B)
      // Kept on B first, so that only the announcement can tell B.
      expect(await status('/api/editor/drafts', rae, B)).toBe(200)
      expect(await status('/api/editor/drafts', rae, B)).toBe(200)
      await adminOn(A, '/api/admin/users/7/revoke')
      expect(await heardOnB(rae), `round ${round}`).toBe(true)
    }
  }, 60_000)

  it('a role change on B is heard on A at once', async () => {
    const eddie = await as('eddie', A)
    expect(await status('/api/editor/drafts', eddie, A)).toBe(200)
    expect(await status('/api/editor/drafts', eddie, A)).toBe(200)
    await adminOn(B, '/api/admin/users/2/roles?refresh=1', { roles: ['viewer'] })
    expect(await status('/api/editor/drafts', eddie, A)).toBe(403)
    await adminOn(B, '/api/admin/users/2/roles?refresh=1', { roles: ['editor'] })
    expect(await status('/api/editor/drafts', eddie, A)).toBe(200)
  })

  it('the subscriber connections killed: every server reads the store again, a revocation made in the gap applies, and copies come back after resubscribing', async () => {
    const eddie = await as('eddie', A)
    const rae = await as('rae', A)
    await readsFor(eddie, B, 2)
    await redisCli('CLIENT', 'KILL', 'TYPE', 'pubsub')
    // A revocation written while nobody may be listening: B must not answer from its copy.
    await adminOn(A, '/api/admin/users/7/revoke')
    expect(await status('/api/editor/drafts', rae, B)).toBe(401)
    expect(await status('/api/editor/drafts', rae, A)).toBe(401)
    // Back to local copies once resubscribed.
    expect(await eventually(async () => await readsFor(eddie, B, 3) === 0, 15_000), 'B serves copies again').toBe(true)
  }, 30_000)

  it('Redis restarted: guarded requests 503 while it is down, then both servers recover and keep a revocation made after the restart', async () => {
    const eddie = await as('eddie', A)
    await readsFor(eddie, B, 2)
    await redis.stop('SIGKILL')
    expect(await eventually(async () => await status('/api/editor/drafts', eddie, B) === 503, 2_000), 'B notices').toBe(true)
    redis = await startRedis(redisPort, dataDir)
    expect(await eventually(async () => await status('/api/editor/drafts', eddie, B) === 200, 15_000), 'B recovers').toBe(true)
    const rae = await as('rae', B)
    expect(await eventually(async () => await readsFor(rae, B, 3) === 0, 15_000), 'B serves copies again').toBe(true)
    await adminOn(A, '/api/admin/users/7/revoke')
    const heard = await heardOnB(rae)
    expect(heard, heard ? '' : `subscribers: ${await redisCli('PUBSUB', 'NUMSUB', 'nuxt-auth-rbac:changes:fresh:rbac')}`).toBe(true)
  }, 60_000)
})

describe('one server with no rbac mount', () => {
  it('keeps a revocation across a restart (markers on disk, in .data/rbac by default)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rbac-markers-'))
    const port = await getRandomPort('127.0.0.1')
    const origin = `http://127.0.0.1:${port}`
    const env = { AUTH_ORIGIN: `${origin}/api/auth`, NUXT_AUTH_SECRET: TEST_SECRET, NUXT_RBAC_FRESHNESS_PERSIST: dir }
    let server = await startNitro(join(builtApps.fresh, '.output'), port, env)
    try {
      const rae = await signIn('rae', 'pw', origin)
      const eddie = await signIn('eddie', 'pw', origin)
      expect((await request('/api/editor/drafts', rae!, {}, origin)).status).toBe(200)
      const ada = await signIn('ada', 'pw', origin)
      expect((await request('/api/admin/users/7/revoke', ada!, { method: 'POST' }, origin)).status).toBe(200)
      expect((await request('/api/editor/drafts', rae!, {}, origin)).status).toBe(401)
      expect(existsSync(join(dir, 'markers.json'))).toBe(true)

      await server.stop()
      server = await startNitro(join(builtApps.fresh, '.output'), port, env)
      expect((await request('/api/editor/drafts', rae!, {}, origin)).status).toBe(401)
      // Only her sessions: others stand, and she can sign in again.
      expect((await request('/api/editor/drafts', eddie!, {}, origin)).status).toBe(200)
      const again = await signIn('rae', 'pw', origin)
      expect((await request('/api/editor/drafts', again!, {}, origin)).status).toBe(200)
    }
    finally {
      await server.stop()
    }
  }, 60_000)
})
