import { describe, expect, it } from 'vitest'
import { url } from '@nuxt/test-utils/e2e'
import { rawRequest, request, signIn, SESSION_COOKIE } from './helpers/auth'
import { fixturePath, setupBuiltApp } from './helpers/app'
import { upgrade } from './helpers/websocket'

// Where the module meets code it did not write (test/fixtures/seams), on a production build.
await setupBuiltApp(fixturePath('seams'))

function cookiePairs(response: Response): string[] {
  return response.headers.getSetCookie().map(cookie => cookie.split(';', 1)[0]!)
}

async function as(username: string): Promise<string> {
  const cookie = await signIn(username, 'pw')
  expect(cookie, `sign-in as ${username}`).toBeTruthy()
  return cookie!
}

/** The session cookie next-auth sets in a response, or undefined. */
function sessionCookieIn(response: Response): string | undefined {
  return cookiePairs(response).find(pair => pair.startsWith(`${SESSION_COOKIE}=`) && pair.length > SESSION_COOKIE.length + 1)
}

/** A client's session update, as nuxt-auth's `update(data)` sends it; returns the new session and cookie. */
async function update(cookie: string, data: unknown): Promise<{ session: Record<string, unknown>, cookie: string }> {
  const csrf = await fetch(url('/api/auth/csrf'))
  const { csrfToken } = await csrf.json() as { csrfToken: string }
  const response = await request('/api/auth/session', [cookie, ...cookiePairs(csrf)].join('; '), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ csrfToken, data }),
  })
  expect(response.status).toBe(200)
  return { session: await response.json() as Record<string, unknown>, cookie: sessionCookieIn(response) ?? cookie }
}

/** A session refresh (what useAuth().getSession() does); returns the session and the cookie it re-issued. */
async function refresh(cookie: string): Promise<{ session: Record<string, unknown>, cookie: string }> {
  const response = await request('/api/auth/session', cookie)
  return { session: await response.json() as Record<string, unknown>, cookie: sessionCookieIn(response) ?? cookie }
}

async function setRole(username: string, role: string): Promise<void> {
  const response = await request('/api/directory/role', null, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, role }) })
  expect(response.status).toBe(200)
}

describe('the app\'s own jwt callback', () => {
  // Every key the module reads, at the top and under `user`, in the shapes an attacker would try.
  const payloads: Array<[string, unknown]> = [
    ['role', { role: 'admin' }],
    ['roles', { roles: ['admin'] }],
    ['both', { role: 'admin', roles: ['admin', 'editor'] }],
    ['user', { user: { role: 'admin', roles: ['admin'], uid: '1', id: '1' } }],
    ['identity', { uid: '1', id: '1', sub: '1' }],
    ['stamp', { rbacFreshness: { rolesAt: 9_999_999_999, rolesVersion: 'x', sessionVersion: 'y' } }],
    ['everything', { role: 'admin', roles: ['admin'], uid: '1', id: '1', sub: '1', rbacFreshness: { rolesAt: 1 }, user: { role: 'admin', roles: ['admin'], uid: '1' } }],
  ]

  it.each(payloads)('a viewer\'s session update (%s) cannot change roles or the user id', async (_name, data) => {
    const viewer = await as('viewer')
    const updated = await update(viewer, data)
    expect(updated.session).toMatchObject({ role: 'viewer', roles: ['viewer'], uid: '3' })
    expect((await request('/api/admin/secret', updated.cookie)).status).toBe(403)
    expect(await (await request('/api/me', updated.cookie)).json()).toEqual({ uid: '3', roles: ['viewer'] })
    // Nor on the next refresh, when the app's callback runs without update data.
    const next = await refresh(updated.cookie)
    expect(next.session).toMatchObject({ role: 'viewer', uid: '3' })
    expect((await request('/api/admin/secret', next.cookie)).status).toBe(403)
  })

  it('keeps the rest of the update the app merges', async () => {
    const viewer = await as('viewer')
    const updated = await update(viewer, { theme: 'dark', role: 'admin' })
    // The app's own session callback is not given the token's extra keys; what matters is the role.
    expect(updated.session.role).toBe('viewer')
  })

  it('a role the app\'s callback changes from its directory wins: demotion', async () => {
    const before = await as('demoted')
    expect((await request('/api/admin/secret', before)).status).toBe(200)
    await setRole('demoted', 'viewer')
    const after = await refresh(before)
    expect(after.session).toMatchObject({ role: 'viewer', roles: ['viewer'] })
    expect((await request('/api/admin/secret', after.cookie)).status).toBe(403)
    expect(await (await request('/api/me', after.cookie)).json()).toEqual({ uid: '4', roles: ['viewer'] })
  })

  it('a demotion the app makes during a client\'s update stands, with or without data, whatever the data says', async () => {
    for (const data of [undefined, null, {}, { role: 'admin', roles: ['admin'], user: { role: 'admin' } }, 'admin']) {
      await setRole('demoted', 'admin')
      const before = await as('demoted')
      await setRole('demoted', 'viewer')
      const updated = await update(before, data)
      expect(updated.session, JSON.stringify(data)).toMatchObject({ role: 'viewer', roles: ['viewer'] })
      expect((await request('/api/admin/secret', updated.cookie)).status, JSON.stringify(data)).toBe(403)
    }
    await setRole('demoted', 'viewer')
  })

  it('a promotion during a client\'s update waits for the next refresh', async () => {
    await setRole('promoted', 'viewer')
    const before = await as('promoted')
    await setRole('promoted', 'editor')
    const updated = await update(before, { theme: 'dark' })
    expect(updated.session).toMatchObject({ roles: [] })
    const next = await refresh(updated.cookie)
    expect(next.session).toMatchObject({ role: 'editor', roles: ['editor'] })
    await setRole('promoted', 'viewer')
  })

  it('and promotion', async () => {
    const before = await as('promoted')
    expect((await request('/api/admin/secret', before)).status).toBe(403)
    await setRole('promoted', 'admin')
    const after = await refresh(before)
    expect(after.session).toMatchObject({ role: 'admin', roles: ['admin'] })
    expect((await request('/api/admin/secret', after.cookie)).status).toBe(200)
  })

  it('a role the app writes that is not configured grants nothing', async () => {
    await setRole('editor', 'superuser')
    try {
      const after = await refresh(await as('editor'))
      expect(after.session.roles).toEqual([])
      expect(after.session).not.toHaveProperty('role')
      expect((await request('/api/admin/secret', after.cookie)).status).toBe(403)
    }
    finally {
      await setRole('editor', 'editor')
    }
  })
})

describe('tokens sealed with the session key that were never sessions', () => {
  /** Starts an OAuth sign-in signed out, as anyone can: next-auth sets its check cookies. */
  async function checkCookies(): Promise<string[]> {
    const csrf = await fetch(url('/api/auth/csrf'))
    const { csrfToken } = await csrf.json() as { csrfToken: string }
    const response = await request('/api/auth/signin/corp', cookiePairs(csrf).join('; '), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, callbackUrl: url('/') }),
    })
    expect(response.status).toBe(302)
    const values = cookiePairs(response).filter(pair => /^next-auth\.(?:state|pkce\.code_verifier)=/.test(pair)).map(pair => pair.slice(pair.indexOf('=') + 1))
    expect(values.length).toBe(2)
    return values
  }

  it('an OAuth check cookie sent as the session is no session: 401, no abilities, no re-issue', async () => {
    for (const value of await checkCookies()) {
      const cookie = `${SESSION_COOKIE}=${value}`
      expect((await request('/api/me', cookie)).status).toBe(401)
      expect((await request('/api/posts', cookie)).status).toBe(401)
      expect((await request('/api/admin/secret', cookie)).status).toBe(401)
      const session = await request('/api/auth/session', cookie)
      expect(await session.json()).toEqual({})
      expect(sessionCookieIn(session)).toBeUndefined()
    }
    // A real session does pass the same checks, so the ones above can fail.
    expect((await request('/api/posts', await as('viewer'))).status).toBe(200)
  })
})

describe('websocket upgrades', () => {
  it('a route rule over a websocket handler holds at the upgrade', async () => {
    const signedOut = await upgrade('/api/admin/ws')
    expect(signedOut.status).toBe(401)
    expect(signedOut.body).not.toContain('ADMIN-WS-SECRET')
    const viewer = await upgrade('/api/admin/ws', await as('viewer'))
    expect(viewer.status).toBe(403)
    expect(viewer.body).not.toContain('ADMIN-WS-SECRET')
    const admin = await upgrade('/api/admin/ws', await as('admin'))
    expect(admin).toEqual({ status: 101, body: 'ADMIN-WS-SECRET' })
  })

  it.each(['/API/ADMIN/ws', '/api/%61dmin/ws', '/api//admin/ws', '/api/./admin/ws', '/api/x/../admin/ws', '/api/admin/ws?x=1', '/api/admin;x/ws', '/api/admin/ws%23'])('other spellings of the path: %s', async (path) => {
    for (const cookie of [null, await as('viewer')]) {
      const answer = await upgrade(path, cookie)
      expect([400, 401, 403, 404], `${path}: ${answer.status}`).toContain(answer.status)
      expect(answer.body).not.toContain('ADMIN-WS-SECRET')
    }
  })

  it.each(['x\\api\\admin\\ws', '\\api\\admin\\ws', '127.0.0.1\\api\\admin\\ws?', 'a@b\\api\\admin\\ws?', 'h\\api\\admin\\ws#', 'h/api/admin/ws?', 'h ws'])('a Host header that would carry the path (%s) is refused', async (host) => {
    for (const target of ['/', '/x', '/?a']) {
      for (const cookie of [null, await as('viewer')]) {
        const answer = await upgrade(target, cookie, { host })
        expect(answer.status, `${host} ${target}`).toBe(400)
        expect(answer.body).not.toContain('ADMIN-WS-SECRET')
      }
    }
  })

  it('an absolute-form request target is refused', async () => {
    for (const target of ['http://evil/api/admin/ws', 'http://127.0.0.1/api/admin/ws', '//evil/api/admin/ws']) {
      const answer = await upgrade(target, await as('viewer'))
      expect(answer.status, target).toBe(400)
      expect(answer.body).not.toContain('ADMIN-WS-SECRET')
    }
  })

  it('the session cookie counts at an upgrade only from this origin: a page elsewhere would read the socket', async () => {
    const admin = await as('admin')
    const elsewhere: Array<Record<string, string>> = [
      { origin: 'http://evil.example' },
      // A sibling subdomain: next-auth's SameSite=lax cookie reaches it.
      { 'origin': 'http://sibling.127.0.0.1.example', 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'cross-site' },
    ]
    for (const headers of elsewhere) {
      const answer = await upgrade('/api/admin/ws', admin, headers)
      expect(answer.status, JSON.stringify(headers)).toBe(401)
      expect(answer.body).not.toContain('ADMIN-WS-SECRET')
      expect((await upgrade('/ws/editors', admin, headers)).status).toBe(401)
    }
    const thisOrigin = new URL(url('/')).origin
    expect(await upgrade('/api/admin/ws', admin, { 'origin': thisOrigin, 'sec-fetch-site': 'same-origin' })).toEqual({ status: 101, body: 'ADMIN-WS-SECRET' })
    expect(await upgrade('/ws/editors', admin, { origin: thisOrigin })).toEqual({ status: 101, body: 'EDITOR-WS-1' })
  })

  it('requireRbacUpgrade in a handler\'s upgrade hook: 401, 403, and the caller for the peer', async () => {
    expect((await upgrade('/ws/editors')).status).toBe(401)
    expect((await upgrade('/ws/editors', await as('viewer'))).status).toBe(403)
    expect(await upgrade('/ws/editors', await as('editor'))).toEqual({ status: 101, body: 'EDITOR-WS-2' })
    expect(await upgrade('/ws/editors', await as('admin'))).toEqual({ status: 101, body: 'EDITOR-WS-1' })
  })
})

describe('server components (islands)', () => {
  const island = '/__nuxt_island/AdminRows_abc123.json'

  it('a guarded page is never shared-cacheable: 200, 403 and the sign-in redirect alike', async () => {
    for (const cookie of [await as('admin'), await as('viewer'), null]) {
      const response = await request('/admin', cookie)
      expect([200, 403, 302]).toContain(response.status)
      expect(response.headers.get('cache-control'), String(response.status)).toBe('private, no-store')
      expect(response.headers.get('vary')).toMatch(/cookie/i)
    }
    // A page that asks for nothing is left alone.
    expect((await request('/')).headers.get('cache-control')).not.toBe('private, no-store')
  })

  it('the admin page renders its server component for the admin', async () => {
    const html = await (await request('/admin', await as('admin'))).text()
    expect(html).toContain('ADMIN-ROW-SECRET')
  })

  it('its island endpoint is under the island rule: signed out 401, viewer 403, admin 200', async () => {
    const signedOut = await rawRequest(island)
    expect(signedOut.status).toBe(401)
    expect(signedOut.body).not.toContain('ADMIN-ROW-SECRET')
    const viewer = await rawRequest(island, await as('viewer'))
    expect(viewer.status).toBe(403)
    expect(viewer.body).not.toContain('ADMIN-ROW-SECRET')
    const admin = await rawRequest(island, await as('admin'))
    expect(admin.status).toBe(200)
    expect(admin.body).toContain('ADMIN-ROW-SECRET')
  })

  it.each([
    '/__nuxt_island/AdminRows.json', '/__nuxt_island/AdminRows_x', '/__nuxt_island/AdminRows_x.json?props=%7B%7D',
    '/__nuxt_island/%41dminRows_x.json', '/__nuxt_island/AdminRows_x.json?a_b', '/__nuxt_island/AdminRows_a.json.json',
  ])('other spellings and methods: %s', async (path) => {
    for (const method of ['GET', 'POST']) {
      for (const cookie of [null, await as('viewer')]) {
        const answer = await rawRequest(path, cookie, { method, headers: { 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined })
        expect(answer.body, `${method} ${path}`).not.toContain('ADMIN-ROW-SECRET')
      }
    }
  })
})

describe('the audit shows these seams as what they are', () => {
  it('websocket routes and the island route, each guarded by its rule or its upgrade guard', async () => {
    const { readFileSync } = await import('node:fs')
    const { join } = await import('node:path')
    const audit = JSON.parse(readFileSync(join(fixturePath('seams'), '.nuxt/rbac-audit.json'), 'utf8')) as { api: Array<{ route: string, kind?: string, status: string, rules: Array<{ pattern: string }> }> }
    const route = (path: string) => audit.api.find(entry => entry.route === path)
    expect(route('/__nuxt_island/AdminRows')).toMatchObject({ kind: 'island', status: 'guarded', rules: [{ pattern: '/__nuxt_island/AdminRows' }] })
    expect(route('/api/admin/ws')).toMatchObject({ kind: 'websocket', status: 'guarded', rules: [{ pattern: '/api/admin/**' }] })
    expect(route('/ws/editors')).toMatchObject({ kind: 'websocket', status: 'guarded', rules: [] })
  })
})
