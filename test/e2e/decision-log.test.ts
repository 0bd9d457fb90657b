import { describe, expect, it } from 'vitest'
import { url } from '@nuxt/test-utils/e2e'
import { request, signIn, SESSION_COOKIE } from './helpers/auth'
import { fixturePath, setupBuiltApp } from './helpers/app'
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
