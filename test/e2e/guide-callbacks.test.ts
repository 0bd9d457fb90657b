import { describe, expect, it } from 'vitest'
import { request, signIn } from './helpers/auth'
import { fixturePath, setupBuiltApp } from './helpers/app'

// Callbacks copied from sidebase's "Custom Session Data" guide, no withRbac.
await setupBuiltApp(fixturePath('guide'))

describe('an app with the guide\'s hand-written callbacks', () => {
  it('keeps the guide\'s session shape, without the access token', async () => {
    const text = await (await request('/api/auth/session', await signIn('root', 'pw'))).text()
    expect(JSON.parse(text)).toMatchObject({ role: 'admin', uid: '1', user: { name: 'Root' } })
    expect(text).not.toContain('guide-upstream')
  })

  it('is guarded by requireRole, with inheritance', async () => {
    const root = await signIn('root', 'pw')
    const reader = await signIn('reader', 'pw')
    const admin = await request('/api/admin', root)
    expect(admin.status).toBe(200)
    expect(await admin.json()).toEqual({ uid: '1', effectiveRoles: ['admin', 'viewer'] })
    expect((await request('/api/reading', root)).status).toBe(200)
    expect((await request('/api/admin', reader)).status).toBe(403)
    expect((await request('/api/reading', reader)).status).toBe(200)
    expect((await request('/api/admin')).status).toBe(401)
  })

  it('without an abilities file every ability is denied, even to the admin', async () => {
    expect((await request('/api/ability', await signIn('root', 'pw'))).status).toBe(403)
    expect((await request('/api/ability')).status).toBe(401)
  })
})

describe('page guards with nuxt-auth\'s global middleware on', () => {
  it('renders a role-guarded page for the role, reading the guide\'s session.role', async () => {
    const response = await request('/console', await signIn('root', 'pw'))
    expect(response.status).toBe(200)
    expect(await response.text()).toMatch(/Admin console \(admin\)/)
  })

  it('gives a signed-in user without the role a 403 page without the content', async () => {
    const response = await request('/console', await signIn('reader', 'pw'))
    expect(response.status).toBe(403)
    expect(await response.text()).not.toContain('Admin console')
  })

  it('sends a signed-out user to sign-in from a role-guarded page and from a plain one', async () => {
    for (const path of ['/console', '/members']) {
      const response = await request(path)
      expect(response.status, path).toBe(302)
      const location = new URL(response.headers.get('location')!, 'http://127.0.0.1')
      expect(location.pathname, path).toBe('/api/auth/signin')
      expect(location.searchParams.get('callbackUrl'), path).toContain(path)
    }
  })

  it('leaves pages without a role to nuxt-auth', async () => {
    const response = await request('/members', await signIn('reader', 'pw'))
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('Members area for role viewer')
    expect((await request('/')).status).toBe(200)
  })
})
