import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getRandomPort } from 'get-port-please'
import { request, signIn } from './helpers/auth'
import { TEST_SECRET } from './helpers/app'
import { writtenApps } from './helpers/written-apps'

// The README's quick start, pasted into a fresh app with no edits (scripts/readme-apps.mjs writes its
// three blocks and nothing of the examples' data layer; the module is loaded from source), built
// for production, served, and signed in to through next-auth's real credentials flow.
let server: ChildProcess | undefined
let origin: string
let serverLog = ''

beforeAll(async () => {
  // Written by scripts/readme-apps.mjs and built for production before the tests
  // (test/e2e/helpers/written-apps.ts, test/build-fixtures.ts).
  const app = writtenApps.readmeQuickStart!.dir
  expect(existsSync(join(app, '.output/server/index.mjs')), 'the quick start was built').toBe(true)
  const port = await getRandomPort('127.0.0.1')
  origin = `http://127.0.0.1:${port}`
  // As the README says to start it: NUXT_AUTH_SECRET, and AUTH_ORIGIN with the auth path.
  server = spawn(process.execPath, [join(app, '.output/server/index.mjs')], {
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), NUXT_AUTH_SECRET: TEST_SECRET, AUTH_ORIGIN: `${origin}/api/auth` },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  server.stdout!.setEncoding('utf8').on('data', (text: string) => serverLog += text)
  server.stderr!.setEncoding('utf8').on('data', (text: string) => serverLog += text)
  for (let waited = 0; !(await fetch(`${origin}/api/auth/csrf`).then(response => response.ok, () => false)); waited += 100) {
    expect(waited, `the quick-start server did not start\n${serverLog}`).toBeLessThan(15_000)
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}, 180_000)

afterAll(() => {
  server?.kill()
})

const stats = (cookie?: string | null) => request('/api/admin/stats', cookie, {}, origin)

describe('the README\'s quick start, as written', () => {
  it('signs in with the users it defines and refuses a wrong password', async () => {
    expect(await signIn('ada', 'ada-pass', origin), 'ada signs in').not.toBeNull()
    expect(await signIn('vic', 'vic-pass', origin), 'vic signs in').not.toBeNull()
    expect(await signIn('ada', 'wrong', origin)).toBeNull()
  })

  it('guards /api/admin/stats as the README says: 200 for an admin, 403 for a viewer, 401 signed out', async () => {
    const admin = await stats(await signIn('ada', 'ada-pass', origin))
    expect(admin.status).toBe(200)
    expect(await admin.json()).toEqual({ uid: '1', roles: ['admin'] })
    expect((await stats(await signIn('vic', 'vic-pass', origin))).status).toBe(403)
    expect((await stats()).status).toBe(401)
    expect(serverLog).not.toMatch(/error/i)
  })
})
