import { renameSync, writeFileSync } from 'node:fs'
import { networkInterfaces } from 'node:os'
import { fileURLToPath } from 'node:url'
import { getBrowser, setup, url } from '@nuxt/test-utils/e2e'
import { getRandomPort } from 'get-port-please'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { actingAs, sessionCookie } from '../../src/test-utils'
import { TEST_SECRET, playgroundPath } from '../e2e/helpers/app'
import { rawRequest } from '../e2e/helpers/auth'
import { chromiumOptions } from '../e2e/helpers/browser'
import { oneBuildingFileAtATime } from '../e2e/helpers/building-file'
import { reusedTabs } from '../e2e/helpers/tabs'

// Runs a dev server of its own: never beside another such file (test/e2e/helpers/building-file.ts).
await oneBuildingFileAtATime()

// The playground under `nuxi dev`: the DevTools tab's page exists in development only. Listening
// on every interface (`nuxi dev --host`), as for trying the app on a phone: nuxi then lets Vite
// answer any Host, so the tab's own Host check is all that stands against DNS rebinding.
const port = await getRandomPort('127.0.0.1')
await setup({
  rootDir: playgroundPath,
  dev: true,
  port,
  browser: true,
  browserOptions: chromiumOptions,
  env: { NUXT_AUTH_SECRET: TEST_SECRET, AUTH_ORIGIN: `http://127.0.0.1:${port}/api/auth`, HOST: '0.0.0.0' },
  // How long the dev server may take to start on a busy machine (the tests run two files at once).
  serverStartTimeout: 180_000,
  setupTimeout: 300_000,
})

const tabs = reusedTabs(getBrowser)

const screenshot = fileURLToPath(new URL('../../docs/devtools-tab.png', import.meta.url))

describe('the DevTools tab (development)', () => {
  it('shows the user\'s roles, and a denial with its reason right after a 403', async () => {
    const page = await tabs.open()
    await actingAs(page, { role: 'viewer', uid: '3', name: 'Vera Viewer' }, { secret: TEST_SECRET })
    const denied = await page.request.get(url('/api/editor/drafts'))
    expect(denied.status()).toBe(403)

    await page.goto(url('/__rbac_devtools'))
    await page.getByTestId('rbac-roles').getByText('viewer').waitFor()
    // Which identity source, and what carried the credential.
    expect(await page.getByTestId('rbac-source').textContent()).toBe('authjs, cookie')
    const row = page.getByTestId('rbac-denials').locator('tr', { hasText: '/api/editor/drafts' })
    await row.waitFor()
    expect(await row.textContent()).toContain('requires one of: editor (role not met)')
    expect(await page.getByTestId('rbac-rules').textContent()).toContain('"subject": "Post"')
    // The app's policies (server/rbac-policies.ts), with the routes whose handler requires each.
    const policy = page.getByTestId('rbac-policies').locator('tr', { hasText: 'post.publish' })
    expect(await policy.textContent()).toContain('POST /api/posts/:id/publish')
    expect(await page.getByTestId('rbac-matrix').locator('tr', { hasText: '/api/editor/drafts' }).textContent()).toMatch(/✓.*·/)

    // A page the guard refuses in the browser shows up too, with the requirement that failed.
    await page.goto(url('/'), { waitUntil: 'hydration' })
    await page.getByTestId('go-editor').click()
    await page.waitForURL(/\/forbidden/)
    await page.goto(url('/__rbac_devtools'))
    await page.getByTestId('rbac-denials').locator('tr', { hasText: 'page requires one of: admin, editor' }).first().waitFor()

    await page.setViewportSize({ width: 1100, height: 900 })
    // Written beside it and renamed onto it: the docs test, which may be building the site at the
    // same time, reads either the old picture or the new one, never half of one.
    writeFileSync(`${screenshot}.partial`, await page.screenshot({ fullPage: false }))
    renameSync(`${screenshot}.partial`, screenshot)
  }, 120_000)
})

// What a browser that visits another site, or another site's page, can do to the tab.
describe('the DevTools tab keeps each user\'s denials to them, and answers only this dev server', () => {
  const origin = `http://127.0.0.1:${port}`
  const own = { host: `127.0.0.1:${port}` }
  const sameOriginJson = { ...own, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' }
  const pathsIn = (state: { denials: Array<{ path: string }> }) => state.denials.map(denial => denial.path)

  async function stateFor(cookie: string | null): Promise<{ denials: Array<{ path: string, reason: string }> }> {
    const response = await rawRequest('/__rbac_devtools/state', cookie, { headers: own })
    expect(response.status).toBe(200)
    return JSON.parse(response.body)
  }

  async function stateOf(page: Page): Promise<{ text: string, denials: Array<{ path: string, status: number, reason: string }> }> {
    const response = await page.request.get(url('/__rbac_devtools/state'))
    expect(response.status()).toBe(200)
    const text = await response.text()
    return { text, ...JSON.parse(text) }
  }

  it('shows each signed-in user their own denials only, and a signed-out browser only its own', async () => {
    const vera = await tabs.open()
    await actingAs(vera, { role: 'viewer', uid: 'vera-41' }, { secret: TEST_SECRET })
    const walt = await tabs.open()
    await actingAs(walt, { role: 'viewer', uid: 'walt-42' }, { secret: TEST_SECRET })
    expect((await vera.request.get(url('/api/editor/drafts'))).status()).toBe(403)
    expect((await walt.request.get(url('/api/finance/audit'))).status()).toBe(403)

    expect(pathsIn(await stateOf(vera))).toEqual(['/api/editor/drafts'])
    expect(pathsIn(await stateOf(walt))).toEqual(['/api/finance/audit'])

    // The same user in another browser (another session cookie for the same uid) sees them too.
    expect(pathsIn(await stateFor(await sessionCookie({ role: 'viewer', uid: 'walt-42' }, { secret: TEST_SECRET })))).toEqual(['/api/finance/audit'])

    const visitor = await tabs.open()
    await visitor.goto(url('/__rbac_devtools'))
    await visitor.getByTestId('rbac-denials').getByText('None of yours since the server started.').waitFor()
    expect(await visitor.getByTestId('rbac-denials').textContent()).not.toContain('/api/')
    // Its own 401 is filed under this browser (a cookie the server gave it) and shown to it alone.
    expect((await visitor.request.get(url('/api/admin/users'))).status()).toBe(401)
    expect(pathsIn(await stateOf(visitor))).toEqual(['/api/admin/users'])
    expect(pathsIn(await stateOf(vera))).toEqual(['/api/editor/drafts'])
    expect(pathsIn(await stateFor(null))).toEqual([])
  }, 120_000)

  it('keeps paths only: no query string or fragment, from the server\'s 401 or the page guard', async () => {
    const page = await tabs.open()
    // Denied while rendering on the server: the page guard sends the signed-out browser to sign-in.
    await page.goto(url('/editor?token=abc#abc'))
    await page.waitForURL(/\/login/)
    expect((await page.request.get(url('/api/editor/drafts?token=abc'))).status()).toBe(401)
    const state = await stateOf(page)
    expect(state.denials.map(denial => `${denial.status} ${denial.path}`)).toEqual(['401 /api/editor/drafts', '401 /editor'])
    expect(state.text).not.toContain('abc')
  }, 120_000)

  it('refuses a report posted by another site\'s form, and records nothing', async () => {
    const page = await tabs.open()
    await actingAs(page, { role: 'viewer', uid: 'csrf-victim-7' }, { secret: TEST_SECRET })
    const forms = {
      'text/plain': `<input name='{"path":"/injected-plain","status":403,"reason":"x","pad":"' value='"}'>`,
      'application/x-www-form-urlencoded': '<input name="path" value="/injected-urlencoded"><input name="status" value="403">',
    }
    for (const [enctype, fields] of Object.entries(forms)) {
      await page.route('http://evil.example/**', route => route.fulfill({
        contentType: 'text/html',
        body: `<form method="post" action="${url('/__rbac_devtools/report')}" enctype="${enctype}">${fields}</form><script>document.forms[0].submit()</script>`,
      }))
      const answer = page.waitForResponse(response => response.url() === url('/__rbac_devtools/report'))
      await page.goto('http://evil.example/')
      expect([403, 415], enctype).toContain((await answer).status())
      await page.unroute('http://evil.example/**')
    }
    expect((await stateOf(page)).text).not.toContain('/injected')

    // The same, from a browser that would send the victim's cookies along (no SameSite).
    const victim = await sessionCookie({ role: 'viewer', uid: 'csrf-victim-7' }, { secret: TEST_SECRET })
    const crossSite = [
      { ...own, 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' },
      { ...own, 'origin': 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      { ...own, 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
      { ...own, 'origin': 'http://evil.example', 'content-type': 'application/json' },
      { ...own, 'content-type': 'application/json' },
      { ...own, 'sec-fetch-site': 'same-origin', 'content-type': 'text/plain' },
    ]
    for (const headers of crossSite) {
      const response = await rawRequest('/__rbac_devtools/report', victim, { method: 'POST', headers, body: '{"path":"/injected-raw","status":403,"reason":"x"}' })
      expect([403, 415], JSON.stringify(headers)).toContain(response.status)
    }
    expect(pathsIn(await stateFor(victim))).not.toContain('/injected-raw')

    // This origin's JSON is accepted, with Fetch Metadata or, without it, its own Origin.
    for (const headers of [sameOriginJson, { ...own, 'origin': origin, 'content-type': 'application/json; charset=utf-8' }]) {
      const response = await rawRequest('/__rbac_devtools/report', victim, { method: 'POST', headers, body: '{"path":"/reported?x=1","status":403,"reason":"page requires one of: admin"}' })
      expect(response.status).toBe(200)
    }
    expect(pathsIn(await stateFor(victim))).toEqual(['/reported', '/reported'])
  }, 120_000)

  it('answers only requests whose Host is this dev server\'s (DNS rebinding)', async () => {
    const cookie = await sessionCookie({ role: 'viewer', uid: 'rebound-9' }, { secret: TEST_SECRET })
    expect((await rawRequest('/api/editor/drafts', cookie)).status).toBe(403)
    const evil = { host: `evil.example:${port}` }
    for (const path of ['/__rbac_devtools', '/__rbac_devtools/state']) {
      const response = await rawRequest(path, cookie, { headers: evil })
      expect(response.status, path).toBe(403)
      expect(response.body).not.toContain('/api/editor/drafts')
      expect(response.body).not.toContain('rebound-9')
    }
    const report = await rawRequest('/__rbac_devtools/report', cookie, {
      method: 'POST',
      headers: { ...evil, 'sec-fetch-site': 'same-origin', 'origin': `http://${evil.host}`, 'content-type': 'application/json' },
      body: '{"path":"/rebound-report","status":403,"reason":"x"}',
    })
    expect(report.status).toBe(403)
    expect(pathsIn(await stateFor(cookie))).toEqual(['/api/editor/drafts'])
    // Loopback under any of its names is this dev server, and so is, listening on every
    // interface, each of the machine's own addresses.
    const lan = Object.values(networkInterfaces()).flat()
      .flatMap(address => address && !address.internal ? [address.family === 'IPv6' ? `[${address.address}]` : address.address] : [])
    for (const host of [`localhost:${port}`, `[::1]:${port}`, ...lan.slice(0, 1).map(address => `${address}:${port}`)]) {
      expect((await rawRequest('/__rbac_devtools/state', cookie, { headers: { host } })).status, host).toBe(200)
    }
  })
})
