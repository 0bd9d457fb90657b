import { describe, expect, it } from 'vitest'
import { url } from '@nuxt/test-utils/e2e'
import { SESSION_COOKIE, request, signIn } from './helpers/auth'
import { sessionCookie } from '../../src/test-utils'
import { builtApps } from './helpers/apps'
import { TEST_SECRET, setupBuiltApp } from './helpers/app'

// A roles resolver over a user directory, freshness.maxAge 2 s, the module's default memory store.
await setupBuiltApp(builtApps.fresh)

const MAX_AGE_MS = 2000

async function as(username: string): Promise<string> {
  const cookie = await signIn(username, 'pw')
  expect(cookie, `${username} signs in`).not.toBeNull()
  return cookie!
}

async function admin(path: string, body?: unknown): Promise<Response> {
  const response = await request(path, await as('ada'), {
    method: path.endsWith('/remove') ? 'DELETE' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  expect(response.status, `admin ${path}`).toBe(200)
  return response
}

const setRoles = (id: string, roles: string[], refresh = false) => admin(`/api/admin/users/${id}/roles${refresh ? '?refresh=1' : ''}`, { roles })

/** Polls until the status changes from `from`; resolves to the new status and how long it took. */
async function waitForChange(path: string, cookie: string, from: number, deadlineMs: number): Promise<{ status: number, after: number }> {
  const started = Date.now()
  for (;;) {
    const { status } = await request(path, cookie)
    if (status !== from || Date.now() - started > deadlineMs) {
      return { status, after: Date.now() - started }
    }
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

async function sessionOf(cookie: string): Promise<{ body: Record<string, unknown>, setCookie: string[] }> {
  const response = await request('/api/auth/session', cookie)
  expect(response.status).toBe(200)
  return { body: await response.json() as Record<string, unknown>, setCookie: response.headers.getSetCookie() }
}

describe('bounded staleness: a change in the directory reaches an old cookie within maxAge', () => {
  it('on a requireRole API route', async () => {
    const eddie = await as('eddie')
    expect((await request('/api/editor/drafts', eddie)).status).toBe(200)
    await setRoles('2', ['viewer'])
    const { status, after } = await waitForChange('/api/editor/drafts', eddie, 200, MAX_AGE_MS + 2000)
    expect(status).toBe(403)
    expect(after).toBeLessThanOrEqual(MAX_AGE_MS + 500)
    await setRoles('2', ['editor'], true)
    expect((await request('/api/editor/drafts', eddie)).status).toBe(200)
  })

  it('on a routeRules path and on an SSR page', async () => {
    const abe = await as('abe')
    expect((await request('/api/admin/stats', abe)).status).toBe(200)
    expect((await request('/admin', abe)).status).toBe(200)
    await setRoles('6', ['viewer'])
    expect((await waitForChange('/api/admin/stats', abe, 200, MAX_AGE_MS + 2000)).status).toBe(403)
    const page = await request('/admin', abe)
    expect(page.status).toBe(403)
    expect(await page.text()).not.toContain('admin area')
    await setRoles('6', ['admin'], true)
    expect((await request('/admin', abe)).status).toBe(200)
  })

  it('in the session the browser receives, and in the cookie it gets back', async () => {
    const vera = await as('vera')
    expect((await sessionOf(vera)).body).toMatchObject({ role: 'viewer', roles: ['viewer'] })
    await setRoles('3', ['editor'], true)
    const { body, setCookie } = await sessionOf(vera)
    expect(body).toMatchObject({ role: 'editor', roles: ['editor'], uid: '3' })
    // The refreshed token carries the new roles: the next request needs no resolver.
    const refreshed = setCookie.map(cookie => cookie.split(';', 1)[0]!).find(pair => pair.startsWith(`${SESSION_COOKIE}=`))
    expect((await request('/api/editor/drafts', refreshed)).status).toBe(200)
    await setRoles('3', ['viewer'], true)
  })
})

describe('refreshRoles and revokeSessions act on the next request', () => {
  it('refreshRoles: a promotion or a demotion counts at once, without waiting for maxAge', async () => {
    const vera = await as('vera')
    expect((await request('/api/editor/drafts', vera)).status).toBe(403)
    await setRoles('3', ['editor'], true)
    expect(await (await request('/api/editor/drafts', vera)).json()).toEqual({ uid: '3', roles: ['editor'] })
    await setRoles('3', ['viewer'], true)
    expect((await request('/api/editor/drafts', vera)).status).toBe(403)
  })

  it('revokeSessions: 401 on the next request for every earlier session, and the app is signed out', async () => {
    const first = await as('rae')
    const second = await as('rae')
    expect((await request('/api/editor/drafts', first)).status).toBe(200)
    await admin('/api/admin/users/7/revoke')
    for (const cookie of [first, second]) {
      expect((await request('/api/editor/drafts', cookie)).status).toBe(401)
      expect(await (await request('/api/me', cookie)).json()).toEqual({ uid: null, roles: [] })
    }
    const { body, setCookie } = await sessionOf(first)
    expect(body).toEqual({})
    expect(setCookie.some(cookie => cookie.startsWith(`${SESSION_COOKIE}=;`) || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(cookie))).toBe(true)
    // Signing in again afterwards gives a session that stands.
    expect((await request('/api/editor/drafts', await as('rae'))).status).toBe(200)
  })

  it('a user the resolver says is gone: 401 for the old cookie, and no new sign-in', async () => {
    const gus = await as('gus')
    expect((await request('/api/editor/drafts', gus)).status).toBe(200)
    const response = await request('/api/admin/users/5', await as('ada'), { method: 'DELETE' })
    expect(response.status).toBe(200)
    // No refreshRoles: the deletion is found when the roles age out.
    expect((await waitForChange('/api/editor/drafts', gus, 200, MAX_AGE_MS + 2000)).status).toBe(401)
    expect(await signIn('gus', 'pw')).toBeNull()
    // The same id comes back (re-enabled, or reused): a kept copy of the old cookie stays dead.
    await admin('/api/admin/users/5/restore')
    expect((await request('/api/editor/drafts', gus)).status).toBe(401)
    expect((await sessionOf(gus)).body).toEqual({})
    expect((await request('/api/editor/drafts', await as('gus'))).status).toBe(200)
  })
})

describe('what the client cannot do', () => {
  it('a session update from the browser never sets a role', async () => {
    const vera = await as('vera')
    const csrf = await fetch(url('/api/auth/csrf'))
    const { csrfToken } = await csrf.json() as { csrfToken: string }
    const csrfCookie = csrf.headers.getSetCookie().map(cookie => cookie.split(';', 1)[0]).join('; ')
    const response = await request('/api/auth/session', `${vera}; ${csrfCookie}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ csrfToken, data: { role: 'admin', roles: ['admin'], rbacFreshness: { rolesAt: 9_999_999_999 } } }),
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ role: 'viewer', roles: ['viewer'] })
    const updated = response.headers.getSetCookie().map(cookie => cookie.split(';', 1)[0]!).find(pair => pair.startsWith(`${SESSION_COOKIE}=`))
    expect(updated).toBeDefined()
    expect((await request('/api/admin/stats', updated)).status).toBe(403)
    expect((await request('/api/editor/drafts', updated)).status).toBe(403)
  })

  it('an update carrying a stamp and another user id, merged by the app\'s jwt, leaves revocation and the resolver in charge', async () => {
    const vera = await as('vera')
    const csrf = await fetch(url('/api/auth/csrf'))
    const { csrfToken } = await csrf.json() as { csrfToken: string }
    const csrfCookie = csrf.headers.getSetCookie().map(cookie => cookie.split(';', 1)[0]).join('; ')
    const stamp = { rolesAt: 9_999_999_999, rolesVersion: 'forged', sessionVersion: 'forged' }
    const response = await request('/api/auth/session', `${vera}; ${csrfCookie}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ csrfToken, data: { uid: '1', sub: '1', role: 'admin', roles: ['admin'], rbacFreshness: stamp, user: { uid: '1', roles: ['admin'], rbacFreshness: stamp } } }),
    })
    expect(await response.json()).toMatchObject({ role: 'viewer', roles: ['viewer'], uid: '3' })
    const updated = response.headers.getSetCookie().map(cookie => cookie.split(';', 1)[0]!).find(pair => pair.startsWith(`${SESSION_COOKIE}=`))!
    expect(await (await request('/api/me', updated)).json()).toMatchObject({ uid: '3' })
    await admin('/api/admin/users/3/revoke')
    expect(await (await request('/api/me', updated)).json()).toEqual({ uid: null, roles: [] })
    expect((await sessionOf(updated)).body).toEqual({})
  })

  it('ids that are not well-formed text never get a session: they would share store keys', async () => {
    expect(await signIn('ill-high', 'pw')).toBeNull()
    expect(await signIn('ill-low', 'pw')).toBeNull()
    const cookie = await sessionCookie({ role: 'editor', uid: 'x\uD800' }, { secret: TEST_SECRET })
    expect((await request('/api/editor/drafts', cookie)).status).toBe(401)
  })
})

describe('nuxt-auth-rbac/test-utils with a roles resolver', () => {
  it('a test cookie acts with the roles it names for maxAge, like a fresh sign-in, then the resolver decides', async () => {
    // Ada is an admin in the directory; the test says viewer.
    const cookie = await sessionCookie({ role: 'viewer', uid: '1' }, { secret: TEST_SECRET })
    expect((await request('/api/editor/drafts', cookie)).status).toBe(403)
    expect((await waitForChange('/api/editor/drafts', cookie, 403, MAX_AGE_MS + 2000)).status).toBe(200)
  })

  it('a test cookie for the default test user, whom the resolver does not know: its roles for maxAge, then 401', async () => {
    const cookie = await sessionCookie({ role: 'editor' }, { secret: TEST_SECRET })
    expect((await request('/api/editor/drafts', cookie)).status).toBe(200)
    expect((await waitForChange('/api/editor/drafts', cookie, 200, MAX_AGE_MS + 2000)).status).toBe(401)
  })

  it('a cookie that names no user is no session', async () => {
    expect((await request('/api/editor/drafts', await sessionCookie({ role: 'editor', uid: '' }, { secret: TEST_SECRET }))).status).toBe(401)
  })
})

describe('faults deny, never grant', () => {
  it('a resolver that throws: 503 on guarded routes, 200 on unguarded ones, no detail leaked', async () => {
    const fay = await as('fay')
    await admin('/api/admin/users/4/fault', { fault: 'throw' })
    const response = await request('/api/editor/drafts', fay)
    expect(response.status).toBe(503)
    const text = await response.text()
    expect(text).not.toContain('directory exploded')
    expect(text).not.toMatch(/at .*\.m?js:\d+/)
    expect((await request('/api/admin/stats', fay)).status).toBe(503)
    expect((await request('/api/open', fay)).status).toBe(200)
    // The browser's session keeps the user signed in, with no roles until they can be resolved.
    expect((await sessionOf(fay)).body).toMatchObject({ roles: [], uid: '4' })
    // Nor can anyone sign in while their roles cannot be resolved.
    expect(await signIn('fay', 'pw')).toBeNull()
  })

  it('a session refreshed during a fault lives no longer than it had, unless a later refresh checks it', async () => {
    // Fay's resolver still throws (the test above). A session with 3 s left is refreshed now:
    // next-auth re-issues it for 30 days, but nobody could check whether it was revoked.
    const expiresAt = Date.now() + 3000
    const shortLived = await sessionCookie({ role: 'editor', uid: '4' }, { secret: TEST_SECRET, maxAge: 3 })
    const duringFault = (await request('/api/auth/session', shortLived)).headers.getSetCookie()
      .map(cookie => cookie.split(';', 1)[0]!).find(pair => pair.startsWith(`${SESSION_COOKIE}=`))
    expect(duringFault).toBeDefined()
    await admin('/api/admin/users/4/fault', { fault: null })
    const checked = (await request('/api/auth/session', duringFault)).headers.getSetCookie()
      .map(cookie => cookie.split(';', 1)[0]!).find(pair => pair.startsWith(`${SESSION_COOKIE}=`))
    expect((await request('/api/editor/drafts', duringFault)).status).toBe(200)
    await new Promise(resolve => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 1100))
    expect((await request('/api/editor/drafts', duringFault)).status).toBe(401)
    expect((await request('/api/editor/drafts', checked)).status).toBe(200)
  })

  it('a resolver that never answers: 503 after the timeout, not a hung request', async () => {
    const hal = await as('hal')
    await admin('/api/admin/users/8/fault', { fault: 'hang' })
    const started = Date.now()
    expect((await request('/api/editor/drafts', hal)).status).toBe(503)
    expect(Date.now() - started).toBeLessThan(3000)
  })

  it('a request with no session never reaches the store or the resolver: 401 as before', async () => {
    expect((await request('/api/editor/drafts')).status).toBe(401)
    expect((await request('/api/admin/stats')).status).toBe(401)
  })
})
