import { describe, expect, it } from 'vitest'
import { request, signIn } from './helpers/auth'
import { fixturePath, setupBuiltApp } from './helpers/app'

// sessionRolePath 'user.role', both modules listed, and the app's own callbacks composed.
await setupBuiltApp(fixturePath('user-path'))

describe('sessionRolePath user.role with the app\'s own callbacks', () => {
  it('writes the roles under session.user and keeps the app\'s fields', async () => {
    const text = await (await request('/api/auth/session', await signIn('olga', 'pw'))).text()
    expect(JSON.parse(text)).toMatchObject({ tenant: 'acme', user: { name: 'Olga Owner', role: 'owner', roles: ['owner'], uid: 'o1' } })
    expect(JSON.parse(text)).not.toHaveProperty('role')
  })

  it('strips the access token an app callback tried to expose', async () => {
    const text = await (await request('/api/auth/session', await signIn('mo', 'pw'))).text()
    expect(text).not.toContain('up-mo')
    expect(JSON.parse(text)).not.toHaveProperty('accessToken')
  })

  it('enforces requireRole and routeRules from the token', async () => {
    const olga = await signIn('olga', 'pw')
    const mo = await signIn('mo', 'pw')
    expect((await request('/api/owner', olga)).status).toBe(200)
    expect((await request('/api/owner', mo)).status).toBe(403)
    expect((await request('/api/team/roster', mo)).status).toBe(200)
    expect((await request('/api/team/roster', olga)).status).toBe(200)
    expect((await request('/api/team/roster')).status).toBe(401)
  })
})

describe('page guard defaults (no rbac.redirect)', () => {
  it('renders the page for the role, reading roles from session.user', async () => {
    const response = await request('/owner', await signIn('olga', 'pw'))
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain('Owner console')
    expect(html).toContain('data-testid="inherited"')
    expect(html).toMatch(/data-testid="owner-roles"[^>]*>owner</)
  })

  it('answers a signed-in user without the role with a 403 error page, not the content', async () => {
    const response = await request('/owner', await signIn('mo', 'pw'))
    expect(response.status).toBe(403)
    expect(await response.text()).not.toContain('Owner console')
  })

  it('sends a signed-out user to nuxt-auth\'s sign-in with a callbackUrl back', async () => {
    const response = await request('/owner')
    expect(response.status).toBe(302)
    const location = new URL(response.headers.get('location')!, 'http://127.0.0.1')
    expect(location.pathname).toBe('/api/auth/signin')
    expect(location.searchParams.get('callbackUrl')).toBe('/owner')
  })
})
