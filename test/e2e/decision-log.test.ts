import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { url } from '@nuxt/test-utils/e2e'
import { getRandomPort } from 'get-port-please'
import { request, signIn, SESSION_COOKIE } from './helpers/auth'
import { fixturePath, setupBuiltApp, TEST_SECRET } from './helpers/app'
import { builtApps } from './helpers/apps'
import { startNitro } from './helpers/processes'
import type { Running } from './helpers/processes'
import { upgrade } from './helpers/websocket'

// The decision log: every denial and (sampled, here all) allows reach the app's `rbac:decision`
// listener with who, what, why and how — never a token, a cookie or the query string.
await setupBuiltApp(fixturePath('seams'))

interface Decision { outcome: string, status: number, guard: string, method: string, path: string, requirement?: string, rule?: string, unmet?: string, uid?: string, via?: string, source?: string, at: string }

async function heard(): Promise<Decision[]> {
  return await (await fetch(url('/api/test/decisions'))).json() as Decision[]
}

/** The decisions made for requests to `path` after `since` of them were already heard. */
async function decisionsFor(path: string, since: number): Promise<Decision[]> {
  // The listener is called without waiting for it: give it a turn.
  await new Promise(resolve => setTimeout(resolve, 50))
  return (await heard()).slice(since).filter(decision => decision.path.startsWith(path))
}

describe('rbac:decision', () => {
  it('a route-rule denial: 403, who, what and the rule, no query string', async () => {
    const viewer = (await signIn('viewer', 'pw'))!
    const before = (await heard()).length
    expect((await request('/api/admin/secret?token=do-not-log', viewer)).status).toBe(403)
    const [decision] = await decisionsFor('/api/admin/secret', before)
    expect(decision).toMatchObject({ outcome: 'deny', status: 403, guard: 'route-rule', method: 'GET', path: '/api/admin/secret', rule: '/api/admin/**', unmet: 'role', via: 'session', source: 'authjs' })
    expect(decision!.uid).toBeTypeOf('string')
    expect(decision!.requirement).toContain('admin')
    expect(Number.isNaN(Date.parse(decision!.at))).toBe(false)
    const text = JSON.stringify(decision)
    expect(text).not.toContain('do-not-log')
    expect(text).not.toContain(viewer.split('=')[1]!.slice(0, 40))
    expect(text).not.toContain(SESSION_COOKIE)
  })

  it('a signed-out request: 401 with no user', async () => {
    const before = (await heard()).length
    expect((await request('/api/posts')).status).toBe(401)
    const [decision] = await decisionsFor('/api/posts', before)
    expect(decision).toMatchObject({ outcome: 'deny', status: 401, guard: 'util', unmet: 'session' })
    expect(decision!.uid).toBeUndefined()
  })

  it('an allow by a server util, reported when the app samples allows', async () => {
    const viewer = (await signIn('viewer', 'pw'))!
    const before = (await heard()).length
    expect((await request('/api/posts', viewer)).status).toBe(200)
    const [decision] = await decisionsFor('/api/posts', before)
    expect(decision).toMatchObject({ outcome: 'allow', status: 200, guard: 'util', via: 'session', source: 'authjs' })
    expect(decision!.requirement).toContain('read')
  })

  it('an allow and a denial at a websocket upgrade', async () => {
    const before = (await heard()).length
    expect((await upgrade('/api/admin/ws')).status).toBe(401)
    const admin = (await signIn('admin', 'pw'))!
    expect((await upgrade('/api/admin/ws', admin)).status).toBe(101)
    const [denied, allowed] = await decisionsFor('/api/admin/ws', before)
    expect(denied).toMatchObject({ outcome: 'deny', status: 401, guard: 'websocket', unmet: 'session' })
    expect(allowed).toMatchObject({ outcome: 'allow', status: 200, guard: 'websocket', via: 'session' })
  })
})

// The same app with the log line turned on (`rbac.decisionLog.log`, here from the environment):
// what an operator reads in the server's output, and what must never be in it.
describe('the decision log line (decisionLog.log)', () => {
  /** A seams server of its own, everything it writes kept; decisions are its JSON lines on stdout. */
  async function startLogging(env: Record<string, string>) {
    const port = await getRandomPort('127.0.0.1')
    const origin = `http://127.0.0.1:${port}`
    let stdout = ''
    let everything = ''
    const server = await startNitro(join(builtApps.seams, '.output'), port, { AUTH_ORIGIN: `${origin}/api/auth`, NUXT_AUTH_SECRET: TEST_SECRET, NUXT_RBAC_DECISION_LOG_LOG: 'true', ...env }, '/api/test/decisions', {
      onOutput(text, stream) {
        everything += text
        if (stream === 'stdout') {
          stdout += text
        }
      },
    })
    const lines = () => stdout.split('\n').slice(0, -1).filter(line => line.includes('rbac decision'))
    return {
      server,
      origin,
      output: () => everything,
      /** The decision lines `send` made the server write (after the first, a moment for any other). */
      async linesOf(send: () => Promise<Response>): Promise<{ status: number, lines: Record<string, unknown>[], from: number, to: number }> {
        const before = lines().length
        const from = Date.now()
        const { status } = await send()
        const to = Date.now()
        const started = Date.now()
        while (lines().length === before && Date.now() - started < 5000) {
          await new Promise(resolve => setTimeout(resolve, 20))
        }
        await new Promise(resolve => setTimeout(resolve, 150))
        return { status, lines: lines().slice(before).map(line => JSON.parse(line) as Record<string, unknown>), from, to }
      },
    }
  }

  const servers: Running[] = []
  let app: Awaited<ReturnType<typeof startLogging>>
  let viewer: string
  const QUERY = 'secret=q-do-not-log-7f3a'
  const OTHER_COOKIE = 'theme=cookie-do-not-log-91c2'
  const AUTHORIZATION = 'Basic YXV0aC1kby1ub3QtbG9nLTVlOGQ='

  beforeAll(async () => {
    app = await startLogging({})
    servers.push(app.server)
    viewer = (await signIn('viewer', 'pw', app.origin))!
  })
  afterAll(async () => {
    await Promise.all(servers.map(server => server.stop()))
  })

  function expectWhen(at: unknown, from: number, to: number) {
    expect(at).toBeTypeOf('string')
    const time = Date.parse(at as string)
    expect(time).toBeGreaterThanOrEqual(from)
    expect(time).toBeLessThanOrEqual(to)
  }

  it('a signed-out request: one line, 401, what and why, no user, no query string', async () => {
    const { status, lines, from, to } = await app.linesOf(() => request(`/api/posts?${QUERY}`, OTHER_COOKIE, { headers: { authorization: AUTHORIZATION } }, app.origin))
    expect(status).toBe(401)
    expect(lines).toHaveLength(1)
    const [line] = lines
    expect(line).toMatchObject({ msg: 'rbac decision', outcome: 'deny', status: 401, guard: 'util', method: 'GET', path: '/api/posts', requirement: 'can read Post', unmet: 'session' })
    expect(line).not.toHaveProperty('uid')
    expectWhen(line!.at, from, to)
  })

  it('a denied role: one line, 403, who (the uid), what (rule, requirement, method), why, via', async () => {
    const { status, lines, from, to } = await app.linesOf(() => request(`/api/admin/secret?${QUERY}`, `${viewer}; ${OTHER_COOKIE}`, { method: 'DELETE', headers: { authorization: AUTHORIZATION } }, app.origin))
    expect(status).toBe(403)
    expect(lines).toHaveLength(1)
    const [line] = lines
    expect(line).toMatchObject({ msg: 'rbac decision', outcome: 'deny', status: 403, guard: 'route-rule', method: 'DELETE', path: '/api/admin/secret', rule: '/api/admin/**', unmet: 'role', uid: '3', via: 'session', source: 'authjs' })
    expect(line!.requirement).toContain('admin')
    expectWhen(line!.at, from, to)
  })

  it('a grant, sampled (the app reports every one): one line, 200, who and what', async () => {
    const { status, lines, from, to } = await app.linesOf(() => request(`/api/posts?${QUERY}`, viewer, {}, app.origin))
    expect(status).toBe(200)
    expect(lines).toHaveLength(1)
    const [line] = lines
    expect(line).toMatchObject({ msg: 'rbac decision', outcome: 'allow', status: 200, guard: 'util', method: 'GET', path: '/api/posts', requirement: 'can read Post', uid: '3', via: 'session', source: 'authjs' })
    expect(line).not.toHaveProperty('unmet')
    expectWhen(line!.at, from, to)
  })

  it('nothing the server wrote carries the query string, a cookie, the session token or the Authorization header', () => {
    const output = app.output()
    // The three requests above (query string and cookies on each, the Authorization header on the denials) wrote their lines here.
    expect(output.split('\n').filter(line => line.includes('"msg":"rbac decision"'))).toHaveLength(3)
    expect(output).not.toContain('q-do-not-log-7f3a')
    expect(output).not.toContain('cookie-do-not-log-91c2')
    const token = viewer.slice(viewer.indexOf('=') + 1)
    expect(output).not.toContain(token.slice(0, 40))
    expect(output).not.toContain(token.slice(-40))
    expect(output).not.toContain(SESSION_COOKIE)
    expect(output).not.toContain(AUTHORIZATION.split(' ')[1])
  })

  it('with decisionLog.query the path keeps its query string; with allows 0 no grant is written', async () => {
    const opted = await startLogging({ NUXT_RBAC_DECISION_LOG_QUERY: 'true', NUXT_RBAC_DECISION_LOG_ALLOWS: '0' })
    servers.push(opted.server)
    const denied = await opted.linesOf(() => request(`/api/posts?${QUERY}`, null, {}, opted.origin))
    expect(denied.status).toBe(401)
    expect(denied.lines).toHaveLength(1)
    expect(denied.lines[0]).toMatchObject({ outcome: 'deny', status: 401, path: `/api/posts?${QUERY}` })
    const cookie = (await signIn('viewer', 'pw', opted.origin))!
    // A grant, then a denial: the denial's line is the only one.
    const after = await opted.linesOf(async () => {
      expect((await request(`/api/posts?${QUERY}`, cookie, {}, opted.origin)).status).toBe(200)
      return await request('/api/admin/secret', cookie, {}, opted.origin)
    })
    expect(after.status).toBe(403)
    expect(after.lines.map(line => line.outcome)).toEqual(['deny'])
  })
})
