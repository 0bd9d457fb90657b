import { describe, expect, it } from 'vitest'
import { useTestContext } from '@nuxt/test-utils/e2e'
import { actingAs, sessionCookie } from '../../src/test-utils'
import { rawRequest, request } from './helpers/auth'
import { fixturePath, setupBuiltApp, TEST_SECRET } from './helpers/app'

// nuxt-auth-rbac/test-utils against a production build: a cookie made by the helper must be taken
// exactly like one from a real sign-in, and refused for the same reasons.
await setupBuiltApp(fixturePath('hostile'))

const options = { secret: TEST_SECRET }

describe('sessionCookie', () => {
  it('acts as the role it names, with inheritance, on route rules and requireRole', async () => {
    const admin = await sessionCookie({ role: 'admin', uid: '1' }, options)
    const viewer = await sessionCookie({ role: 'viewer', uid: '3' }, options)
    expect((await rawRequest('/api/admin/x', admin)).body).toContain('ADMIN-SECRET')
    expect((await rawRequest('/api/admin/x', viewer)).status).toBe(403)
    expect(await (await request('/api/whoami', viewer)).json()).toMatchObject({ uid: '3', roles: ['viewer'] })
  })

  it('takes several roles and a uid for ownership rules', async () => {
    const editor = await sessionCookie({ roles: ['editor'], uid: '2' }, options)
    expect((await rawRequest('/api/reports/q3', editor)).status).toBe(200)
    const response = await rawRequest('/api/subject', editor, { method: 'POST', body: '{"authorId":"2"}', headers: { 'content-type': 'application/json' } })
    expect(JSON.parse(response.body)).toEqual({ claimed: false, asPost: true })
  })

  it('is refused like a real cookie would be: unknown role, wrong secret, expired', async () => {
    expect((await rawRequest('/api/whoami', await sessionCookie({ role: 'root', uid: '9' }, options))).status).toBe(403)
    expect((await rawRequest('/api/whoami', await sessionCookie({ role: 'admin' }, { secret: 'not-the-secret' }))).status).toBe(401)
    expect((await rawRequest('/api/whoami', await sessionCookie({ role: 'admin' }, { ...options, maxAge: -60 }))).status).toBe(401)
  })

  it('chunks a large token the way next-auth does, and the server joins it', async () => {
    const cookie = await sessionCookie({ role: 'viewer', uid: '3', profile: 'x'.repeat(6000) }, options)
    expect(cookie).toMatch(/^next-auth\.session-token\.0=.+; next-auth\.session-token\.1=/)
    expect((await rawRequest('/api/whoami', cookie)).status).toBe(200)
  })
})

describe('actingAs', () => {
  it('puts the session cookie into a browser context for the app\'s origin', async () => {
    const added: Array<{ name: string, value: string, url: string }> = []
    const page = { context: () => ({ addCookies: async (cookies: typeof added) => void added.push(...cookies) }) }
    await actingAs(page, { role: 'admin', uid: '1' }, options)
    expect(added).toHaveLength(1)
    const [cookie] = added
    expect(cookie!.name).toBe('next-auth.session-token')
    // The cookie a browser would send works on the server.
    expect((await rawRequest('/api/admin/x', `${cookie!.name}=${cookie!.value}`)).status).toBe(200)
    expect(new URL(cookie!.url).origin).toBe(new URL((await import('@nuxt/test-utils/e2e')).url('/')).origin)
  })
})

describe('a secret mismatch is said once in the log, with the fix', () => {
  it('cookies sealed with another secret: 401 each time, one hint', async () => {
    for (let index = 0; index < 5; index++) {
      const cookie = await sessionCookie({ role: 'admin', uid: '1' }, { secret: `another-secret-${index}` })
      expect((await rawRequest('/api/whoami', cookie)).status).toBe(401)
    }
    await new Promise(resolve => setTimeout(resolve, 300))
    const hints = (useTestContext().serverLogs ?? []).filter(line => line.includes('did not decrypt with runtimeConfig.authSecret'))
    expect(hints).toHaveLength(1)
    expect(hints[0]).toContain('pass secret: useRuntimeConfig().authSecret to NuxtAuthHandler')
  })
})
