import { describe, expect, it } from 'vitest'
import { url } from '@nuxt/test-utils/e2e'
import { rawRequest, request, signIn } from './helpers/auth'
import { builtApps } from './helpers/apps'
import { setupBuiltApp } from './helpers/app'

// app.baseURL '/app/': every route, rule and nuxt-auth endpoint lives under /app.
await setupBuiltApp(builtApps.baseUrl, {}, {}, '/app/api/auth')

const origin = () => url('/app').replace(/\/$/, '')
const as = async (username: string) => {
  const cookie = await signIn(username, 'pw', origin())
  expect(cookie, `${username} signs in under /app`).not.toBeNull()
  return cookie!
}
const at = (path: string, cookie?: string | null) => request(`/app${path}`, cookie)

describe('route rules under app.baseURL', () => {
  it('hold: 401 signed out, 403 without the role, 200 with it', async () => {
    const ada = await as('ada')
    const vera = await as('vera')
    expect((await at('/api/admin/stats')).status).toBe(401)
    expect((await at('/api/admin/stats', vera)).status).toBe(403)
    expect((await at('/api/admin/stats', ada)).status).toBe(200)
    expect((await at('/api/notes')).status).toBe(401)
    expect((await at('/api/notes', vera)).status).toBe(200)
  })

  it('hold under other spellings of the path', async () => {
    const vera = await as('vera')
    expect((await rawRequest('/app/api/%61dmin/stats', vera)).status).toBe(403)
    expect((await rawRequest('/app/API/admin/stats', vera)).status).not.toBe(200)
    expect([400, 404]).toContain((await rawRequest('/app/api/notes/../admin/stats', vera)).status)
  })

  it('leave nuxt-auth\'s own endpoints to it, and enforce the app\'s routes deeper under them', async () => {
    expect((await at('/api/auth/session')).status).toBe(200)
    expect((await at('/api/auth/csrf')).status).toBe(200)
    const response = await at('/api/auth/session/all')
    expect(response.status).toBe(401)
    expect(await response.text()).not.toContain('ALL-SESSIONS')
  })
})
