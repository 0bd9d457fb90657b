import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { forgeSessionCookie, rawRequest, request, signIn } from './helpers/auth'
import { signInDemoUsers } from './helpers/demo-users'
import type { Account } from './helpers/demo-users'
import { TEST_SECRET, playgroundPath, setupBuiltApp } from './helpers/app'

await setupBuiltApp(playgroundPath)

const cookies = signInDemoUsers()

describe('sign-in through next-auth', () => {
  it('refuses a wrong password', async () => {
    expect(await signIn('admin', 'wrong')).toBeNull()
  })

  it('puts role, roles and uid in the session, and never the access token', async () => {
    const response = await request('/api/auth/session', cookies.editor)
    const text = await response.text()
    expect(JSON.parse(text)).toMatchObject({ user: { name: 'Eddie Editor' }, role: 'editor', roles: ['editor'], uid: '2' })
    expect(text).not.toContain('upstream-token')
    expect(text).not.toMatch(/access_?token/i)
  })

  it('gives a user with two roles both', async () => {
    const session = await (await request('/api/auth/session', cookies.casey)).json()
    expect(session).toMatchObject({ role: 'editor', roles: ['editor', 'billing'], uid: '4' })
  })

  it('drops a role that is not configured: signed in, but no role', async () => {
    const session = await (await request('/api/auth/session', cookies.mallory)).json()
    expect(session.roles).toEqual([])
    expect(session).not.toHaveProperty('role')
  })

  it('keeps the access token on the server side', async () => {
    const response = await request('/api/upstream', cookies.viewer)
    expect(await response.json()).toEqual({ upstreamTokenPresent: true })
  })
})

// Expected status for each account; inheritance: admin ⊃ editor ⊃ viewer.
const matrix: Array<[path: string, guard: string, expected: Record<Account, number>]> = [
  ['/api/posts', 'requireAbility read Post', { anonymous: 401, admin: 200, editor: 200, viewer: 200, casey: 200, mallory: 403 }],
  ['/api/editor/drafts', 'requireRole editor', { anonymous: 401, admin: 200, editor: 200, viewer: 403, casey: 200, mallory: 403 }],
  ['/api/admin/users', 'routeRules admin', { anonymous: 401, admin: 200, editor: 403, viewer: 403, casey: 403, mallory: 403 }],
  ['/api/finance/audit', 'requireRole editor+billing, all', { anonymous: 401, admin: 403, editor: 403, viewer: 403, casey: 200, mallory: 403 }],
]

describe.each(matrix)('%s (%s)', (path, _guard, expected) => {
  it.each(Object.entries(expected))('%s → %i', async (account, status) => {
    const response = await request(path, cookies[account as Account])
    expect(response.status).toBe(status)
    const body = await response.json()
    if (status === 401) {
      expect(body).toMatchObject({ statusCode: 401, statusMessage: 'Unauthorized' })
    }
    if (status === 403) {
      expect(body).toMatchObject({ statusCode: 403, statusMessage: 'Forbidden' })
    }
  })
})

describe('error responses', () => {
  it('carry no stack, token or role list in production', async () => {
    for (const [path, account] of [['/api/admin/users', 'viewer'], ['/api/posts', 'anonymous']] as const) {
      const text = await (await request(path, cookies[account])).text()
      expect(text).not.toMatch(/stack|at \w+ \(|\.mjs|requires|admin, |secret/i)
    }
  })
})

describe('server view of the caller', () => {
  it('reports effective roles with inheritance', async () => {
    expect(await (await request('/api/me', cookies.admin)).json())
      .toEqual({ signedIn: true, uid: '1', roles: ['admin'], effectiveRoles: ['admin', 'editor', 'viewer'] })
    expect(await (await request('/api/me')).json()).toEqual({ signedIn: false })
  })
})

describe('invalid sessions are 401, never 500', () => {
  const claims = { name: 'Eve', role: 'admin', roles: ['admin'], uid: '1', sub: '1' }

  it.each([
    ['forged with another secret', () => forgeSessionCookie(claims, 'not-the-secret')],
    ['expired', () => forgeSessionCookie(claims, TEST_SECRET, -3600)],
    ['garbage', async () => 'next-auth.session-token=garbage'],
    ['empty', async () => 'next-auth.session-token='],
    ['percent junk', async () => 'next-auth.session-token=%E0%A4%A'],
  ])('%s', async (_label, makeCookie) => {
    const cookie = await makeCookie()
    for (const path of ['/api/posts', '/api/admin/users']) {
      const response = await request(path, cookie)
      expect(response.status, path).toBe(401)
    }
  })

  it('tampered: one character of a real admin cookie changed', async () => {
    const real = cookies.admin!
    const index = real.length - 20
    const tampered = real.slice(0, index) + (real[index] === 'A' ? 'B' : 'A') + real.slice(index + 1)
    expect((await request('/api/admin/users', tampered)).status).toBe(401)
    expect((await request('/api/admin/users', real)).status).toBe(200)
  })

  it('a malformed Authorization header does not crash the guard', async () => {
    const response = await request('/api/posts', null, { headers: { authorization: 'Bearer %' } })
    expect(response.status).toBe(401)
  })

  it('a valid token signed with the right secret works: the guard reads the real cookie', async () => {
    const cookie = await forgeSessionCookie(claims, TEST_SECRET)
    expect((await request('/api/admin/users', cookie)).status).toBe(200)
  })
})

describe('routeRules cannot be bypassed by spelling the path differently', () => {
  // One reading only: the rule decides, 401/403 rather than a 404 from a router that did not
  // recognise the spelling, so the rule holds even where a catch-all route would serve it.
  const variants = [
    '/api/admin/users',
    '/API/ADMIN/users',
    '/api/Admin/users',
    '/api/admin/users/',
    '/api/%61dmin/users',
    '/api/admin/users?x=1',
  ]
  // Readings disagree (the router keeps dot segments, encoded slashes, backslashes): refused
  // with 400 before anything reads them, whoever asks.
  const ambiguous = [
    '//api//admin//users',
    '/api/%2561dmin/users',
    '/api%2fadmin%2fusers',
    '/api/public/../admin/users',
    '/api/public/%2e%2e/admin/users',
    '/api/./admin/users',
    '/api\\admin\\users',
  ]

  it.each(variants)('%s is denied by the rule: anonymous 401, editor 403', async (path) => {
    for (const [account, expected] of [['anonymous', 401], ['editor', 403]] as const) {
      const { status, body } = await rawRequest(path, cookies[account])
      expect(status, `${account} ${path}`).toBe(expected)
      expect(body).not.toContain('Ada Admin')
    }
  })

  it.each(ambiguous)('%s is refused: 400 for everyone', async (path) => {
    for (const account of ['anonymous', 'editor', 'admin'] as const) {
      const { status, body } = await rawRequest(path, cookies[account])
      expect(status, `${account} ${path}`).toBe(400)
      expect(body).not.toContain('Ada Admin')
    }
  })

  it('the canonical path still works for the admin', async () => {
    const { status, body } = await rawRequest('/api/admin/users', cookies.admin)
    expect(status).toBe(200)
    expect(body).toContain('Ada Admin')
  })
})

describe('a production build has no DevTools tab', () => {
  it('answers 404 where development serves the Access page and its state', async () => {
    expect((await request('/__rbac_devtools', cookies.admin)).status).toBe(404)
    expect((await request('/__rbac_devtools/state', cookies.admin)).status).toBe(404)
  })

  it('ships none of its code, on the server or in the browser bundle', () => {
    const files = readdirSync(join(playgroundPath, '.output'), { recursive: true, withFileTypes: true })
      .filter(entry => entry.isFile() && /\.(?:m?js|html|json)$/.test(entry.name))
      .map(entry => join(entry.parentPath, entry.name))
    expect(files.length).toBeGreaterThan(10)
    expect(files.filter(file => readFileSync(file, 'utf8').includes('__rbac_devtools'))).toEqual([])
  })
})
