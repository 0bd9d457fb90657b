import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getRandomPort } from 'get-port-please'
import { request, signIn } from './helpers/auth'
import { builtApps } from './helpers/apps'
import { TEST_SECRET } from './helpers/app'
import { startNitro } from './helpers/processes'
import type { Running } from './helpers/processes'

// sidebase's global middleware on (`auth: { globalAppMiddleware: true }`), Nuxt 4: a page guarded by
// role must still answer 403 to a signed-in user without the role, not a sign-in redirect. The same
// build runs twice: as built, and with the app's own forbidden page (rbac.redirect.forbidden).
const output = join(builtApps.globalMiddleware, '.output')
const servers: Running[] = []

async function serve(env: Record<string, string> = {}): Promise<string> {
  const port = await getRandomPort('127.0.0.1')
  const origin = `http://127.0.0.1:${port}`
  servers.push(await startNitro(output, port, { AUTH_ORIGIN: `${origin}/api/auth`, NUXT_AUTH_SECRET: TEST_SECRET, ...env }))
  return origin
}

let origin: string
let withForbiddenPage: string

beforeAll(async () => {
  [origin, withForbiddenPage] = await Promise.all([serve(), serve({ NUXT_PUBLIC_RBAC_REDIRECT_FORBIDDEN: '/forbidden' })])
})

afterAll(async () => {
  await Promise.all(servers.map(server => server.stop()))
})

/** A page as a browser asks for it (HTML, not the JSON error an API client gets). */
const page = (at: string, path: string, cookie?: string | null) => request(path, cookie, { headers: { accept: 'text/html' } }, at)

async function as(username: string, at: string): Promise<string> {
  const cookie = await signIn(username, 'pw', at)
  expect(cookie, `${username} signs in`).not.toBeNull()
  return cookie!
}

describe('a role-guarded page with sidebase\'s global middleware on (Nuxt 4)', () => {
  it('answers a signed-in user without the role with 403 and the error page, not a sign-in redirect', async () => {
    const response = await page(origin, '/admin', await as('vera', origin))
    expect(response.headers.get('location')).toBeNull()
    expect(response.status).toBe(403)
    const html = await response.text()
    expect(html).toMatch(/<h1 id="error-status">\s*403\s*<\/h1>/)
    expect(html).not.toContain('admin area')
  })

  it('opens for the role, and sends a signed-out visitor to sign-in with a same-origin callbackUrl', async () => {
    expect(await (await page(origin, '/admin', await as('ada', origin))).text()).toContain('admin area')
    const response = await page(origin, '/admin?tab=2')
    expect(response.status).toBe(302)
    const location = new URL(response.headers.get('location')!, origin)
    expect(location.origin + location.pathname).toBe(`${origin}/api/auth/signin`)
    expect(location.searchParams.get('callbackUrl')).toBe('/admin?tab=2')
  })

  it('leaves pages without a role requirement to sidebase: signed in passes, signed out signs in', async () => {
    expect((await page(origin, '/signed-in', await as('vera', origin))).status).toBe(200)
    expect((await page(origin, '/signed-in')).headers.get('location')).toMatch(/^\/api\/auth\/signin\b/)
  })

  it('sends a signed-in user without the role to rbac.redirect.forbidden when it is set', async () => {
    const response = await page(withForbiddenPage, '/admin', await as('vera', withForbiddenPage))
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/forbidden?from=/admin')
    const forbidden = await page(withForbiddenPage, '/forbidden?from=/admin', await as('vera', withForbiddenPage))
    expect(await forbidden.text()).toContain('not for you: /admin')
  })
})
