import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { getBrowser, url } from '@nuxt/test-utils/e2e'
import type { NuxtPage } from '@nuxt/test-utils/e2e'
import { getRandomPort } from 'get-port-please'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { builtApps } from '../e2e/helpers/apps'
import { setupBuiltApp } from '../e2e/helpers/app'
import { chromiumOptions, recordConsoleProblems, signInThroughForm } from '../e2e/helpers/browser'
import { reusedTabs } from '../e2e/helpers/tabs'

// playground-local: nuxt-auth's local provider with refresh, against the backend inside the app.
// Server-side calls reach that backend through Nitro (auth.disableInternalRouting: false); the
// origin nuxt-auth reads on the server must name the backend's path, not next-auth's.
const appDir = builtApps.playgroundLocal
await setupBuiltApp(appDir, {}, { browser: true, browserOptions: chromiumOptions }, '/api/backend')

const tabs = reusedTabs(getBrowser)

const users = {
  alice: { name: 'Alice Admin', roles: 'admin' },
  bob: { name: 'Bob Editor', roles: 'editor' },
  carol: { name: 'Carol Viewer', roles: 'viewer' },
  dan: { name: 'Dan Billing', roles: 'billing' },
} as const
type User = keyof typeof users

const pageConsoles: string[][] = []
// The home page probes guarded routes on purpose (and the backend answers a spent refresh token
// 401): the browser logs each denial it receives as a failed resource.
const expectedDenial = /Failed to load resource: the server responded with a status of 40[13] /

afterAll(() => {
  const problems = pageConsoles.flat().filter(problem => !expectedDenial.test(problem))
  expect(problems.filter(problem => /hydration/i.test(problem)), 'hydration warnings').toEqual([])
  expect(problems, 'console warnings and errors').toEqual([])
})

async function openPage(address: string): Promise<NuxtPage> {
  const page = await tabs.open()
  pageConsoles.push(recordConsoleProblems(page))
  await page.goto(address, { waitUntil: 'hydration' })
  return page
}

async function signedIn(user: User, origin = url('/').replace(/\/$/, '')): Promise<NuxtPage> {
  const page = await openPage(`${origin}/login`)
  await signInThroughForm(page, user, `${user}-pass`)
  await page.waitForURL(`${origin}/`)
  return page
}

const shown = async (page: Page, testId: string) => await page.getByTestId(testId).count() > 0

/** The status the home page's probe table shows for a route ($api: the bearer token of the app). */
async function probeStatus(page: Page, path: string): Promise<string> {
  const cell = page.getByTestId(`status-${path}`)
  await expect.poll(async () => (await cell.textContent())?.trim(), { timeout: 10_000 }).toMatch(/^\d{3}$/)
  return (await cell.textContent())!.trim()
}

/** A plain same-origin `fetch` from the page: what a cookie-borne request gets (nuxt-auth's `auth.token`). */
const cookieFetchStatus = (page: Page, path: string) => page.evaluate(async target => (await fetch(target, { credentials: 'same-origin' })).status, path)

async function cookie(page: Page, name: string): Promise<string | undefined> {
  return (await page.context().cookies()).find(entry => entry.name === name)?.value
}

// A mark on the window survives client-side navigation and is gone after a reload.
const markWindow = (page: Page) => page.evaluate(() => {
  (window as unknown as { stayed: boolean }).stayed = true
})
const windowIsMarked = (page: Page) => page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed === true)

describe('signing in against the app\'s backend, as each demo user', () => {
  const expectations: Array<[User, { admin: 'admin-area' | 'forbidden', nav: string[], hidden: string[] }]> = [
    ['alice', { admin: 'admin-area', nav: ['nav-posts', 'nav-new-post', 'nav-editor', 'nav-admin'], hidden: [] }],
    ['bob', { admin: 'forbidden', nav: ['nav-posts', 'nav-new-post', 'nav-editor'], hidden: ['nav-admin'] }],
    ['carol', { admin: 'forbidden', nav: ['nav-posts'], hidden: ['nav-new-post', 'nav-editor', 'nav-admin'] }],
    ['dan', { admin: 'forbidden', nav: [], hidden: ['nav-posts', 'nav-new-post', 'nav-editor', 'nav-admin'] }],
  ]

  it.each(expectations)('%s: the session\'s roles drive v-can, v-role and the admin page guard', async (user, expected) => {
    const page = await signedIn(user)
    await markWindow(page)
    expect(await page.getByTestId('who-name').textContent()).toBe(users[user].name)
    expect(await page.getByTestId('roles').textContent()).toBe(users[user].roles)
    for (const link of expected.nav) {
      expect(await shown(page, link), link).toBe(true)
    }
    for (const link of expected.hidden) {
      expect(await shown(page, link), link).toBe(false)
    }
    // <Can do="read" on="Invoice">: billing, and admin's `manage all`.
    expect(await shown(page, 'cap-invoices')).toBe(user === 'dan' || user === 'alice')

    await page.getByTestId('go-admin').click()
    await page.getByTestId(expected.admin).waitFor()
    expect(decodeURIComponent(new URL(page.url()).pathname + new URL(page.url()).search)).toBe(expected.admin === 'admin-area' ? '/admin' : '/forbidden?from=/admin')
    expect(await windowIsMarked(page)).toBe(true)
    if (expected.admin === 'admin-area') {
      // Loaded through $api with the bearer token, past routeRules['/api/admin/**'].
      await page.getByTestId('user-dan').waitFor()
    }
  })

  it('signed out: a guarded page sends to the provider\'s login page with the way back, then returns there', async () => {
    const page = await openPage(url('/admin/settings'))
    expect(new URL(page.url()).pathname).toBe('/login')
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/admin/settings')
    await signInThroughForm(page, 'alice', 'alice-pass')
    await page.getByTestId('admin-settings').waitFor()
    expect(new URL(page.url()).pathname).toBe('/admin/settings')
  })

  it('signed out, navigating in the app: the same login redirect, without a reload', async () => {
    const page = await openPage(url('/'))
    await markWindow(page)
    await page.getByTestId('go-editor').click()
    await page.waitForURL(/\/login\?/)
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/editor')
    expect(await windowIsMarked(page)).toBe(true)
    await signInThroughForm(page, 'bob', 'bob-pass')
    await page.getByTestId('editor-desk').waitFor()
  })

  it('signing out removes what the roles allowed, without a reload', async () => {
    const page = await signedIn('bob')
    await markWindow(page)
    expect(await shown(page, 'cap-write-posts')).toBe(true)
    await page.getByTestId('sign-out').click()
    await page.getByTestId('sign-in-link').waitFor()
    await page.getByTestId('cap-no-writing').waitFor()
    expect(await shown(page, 'cap-write-posts')).toBe(false)
    expect(await shown(page, 'nav-posts')).toBe(false)
    expect(await windowIsMarked(page)).toBe(true)
  })
})

describe('v-can in the server-rendered HTML', () => {
  it.each([
    ['carol', ['cap-read-posts', 'cap-no-writing', 'nav-posts'], ['cap-write-posts', 'cap-manage-all', 'nav-admin', 'nav-editor', 'cap-invoices']],
    ['alice', ['cap-read-posts', 'cap-write-posts', 'cap-manage-all', 'nav-admin', 'cap-invoices'], ['cap-no-writing']],
  ] as const)('%s: the home page\'s HTML holds what the role allows and nothing else', async (user, present, absent) => {
    const page = await signedIn(user)
    const response = await page.goto(url('/'), { waitUntil: 'hydration' })
    const html = await response!.text()
    for (const testId of present) {
      expect(html, testId).toContain(`data-testid="${testId}"`)
    }
    for (const testId of absent) {
      expect(html, testId).not.toContain(`data-testid="${testId}"`)
    }
  })

  it('an editor\'s edit button on their own post only, rendered and after navigation', async () => {
    const page = await signedIn('bob')
    const html = await (await page.goto(url('/posts'), { waitUntil: 'hydration' }))!.text()
    expect(html).toContain('data-testid="edit-2"')
    expect(html).not.toContain('data-testid="edit-1"')
    await page.goto(url('/'), { waitUntil: 'hydration' })
    await page.getByTestId('nav-posts').click()
    await page.getByTestId('posts').waitFor()
    expect(await shown(page, 'edit-2')).toBe(true)
    expect(await shown(page, 'edit-1')).toBe(false)
    expect(await shown(page, 'readonly-1')).toBe(true)
  })
})

describe('the API answers the page: 401 signed out, 403 without the role, 200 with it', () => {
  const routes = ['/api/admin/users', '/api/posts', '/api/editor/drafts', '/api/finance/invoices'] as const
  const expected: Record<User | 'nobody', Record<(typeof routes)[number], string>> = {
    nobody: { '/api/admin/users': '401', '/api/posts': '401', '/api/editor/drafts': '401', '/api/finance/invoices': '401' },
    alice: { '/api/admin/users': '200', '/api/posts': '200', '/api/editor/drafts': '200', '/api/finance/invoices': '403' },
    bob: { '/api/admin/users': '403', '/api/posts': '200', '/api/editor/drafts': '200', '/api/finance/invoices': '403' },
    carol: { '/api/admin/users': '403', '/api/posts': '200', '/api/editor/drafts': '403', '/api/finance/invoices': '403' },
    dan: { '/api/admin/users': '403', '/api/posts': '403', '/api/editor/drafts': '403', '/api/finance/invoices': '200' },
  }

  it.each(Object.keys(expected) as Array<User | 'nobody'>)('%s', async (who) => {
    const page = who === 'nobody' ? await openPage(url('/')) : await signedIn(who)
    for (const route of routes) {
      // $api: Authorization: Bearer, as the app calls its API.
      expect(await probeStatus(page, route), `${route} with the bearer token`).toBe(expected[who][route])
      // A plain fetch: nuxt-auth's token cookie.
      expect(String(await cookieFetchStatus(page, route)), `${route} with the cookie`).toBe(expected[who][route])
    }
  })
})

describe('refresh rotation: a 4-second access token, verified without clock tolerance', () => {
  const lifetimeSeconds = 4
  let server: ChildProcess
  let origin: string

  beforeAll(async () => {
    const port = await getRandomPort('127.0.0.1')
    origin = `http://127.0.0.1:${port}`
    server = spawn(process.execPath, [join(appDir, '.output/server/index.mjs')], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        AUTH_ORIGIN: `${origin}/api/backend`,
        NUXT_BACKEND_ACCESS_TOKEN_SECONDS: String(lifetimeSeconds),
        NUXT_RBAC_LOCAL_VERIFY_CLOCK_TOLERANCE: '0',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    const started = Date.now()
    while (!(await fetch(`${origin}/api/me`).then(response => response.ok, () => false))) {
      if (Date.now() - started > 15_000) {
        throw new Error('the short-token server did not start')
      }
      await new Promise(resolve => setTimeout(resolve, 100))
    }
  })

  afterAll(async () => {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise(resolve => server.once('exit', resolve))
      server.kill('SIGTERM')
      await exited
    }
  })

  const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))
  const serverSeesToken = async (token: string) => (await (await fetch(`${origin}/api/me`, { headers: { authorization: `Bearer ${token}` } })).json() as { signedIn: boolean }).signedIn

  it('an open tab keeps working after its first access token expired: new tokens, same roles, the old ones refused', async () => {
    const page = await signedIn('alice', origin)
    await markWindow(page)
    const firstToken = await cookie(page, 'auth.token')
    const firstRefreshToken = await cookie(page, 'auth.refresh-token')
    expect(firstToken && await serverSeesToken(firstToken)).toBe(true)

    await sleep((lifetimeSeconds + 1.5) * 1000)

    expect(await serverSeesToken(firstToken!), 'the first access token has expired').toBe(false)
    const currentToken = await cookie(page, 'auth.token')
    expect(currentToken).not.toBe(firstToken)
    expect(await serverSeesToken(currentToken!)).toBe(true)
    // Rotation: the first refresh token was spent by the refresh and works no more.
    const reuse = await fetch(`${origin}/api/backend/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: firstRefreshToken }) })
    expect(reuse.status).toBe(401)

    await page.getByTestId('nav-admin').click()
    await page.getByTestId('user-carol').waitFor()
    expect(await cookieFetchStatus(page, '/api/admin/users')).toBe(200)
    expect(await page.getByTestId('roles').textContent()).toBe('admin')
    expect(await windowIsMarked(page)).toBe(true)
  })

  it('a full reload after the access token expired: the server render refreshes it and shows the admin page signed in', async () => {
    const page = await signedIn('alice', origin)
    // Leave the app, so nothing in the tab refreshes the token while it expires.
    await page.goto('about:blank')
    const staleToken = await cookie(page, 'auth.token')
    await sleep((lifetimeSeconds + 1) * 1000)
    expect(await serverSeesToken(staleToken!), 'the token in the cookie has expired').toBe(false)

    const response = await page.goto(`${origin}/admin`, { waitUntil: 'hydration' })
    expect(response!.status()).toBe(200)
    const html = await response!.text()
    expect(html).toContain('data-testid="admin-area"')
    // The users table was loaded during the server render, with the refreshed token.
    expect(html).toContain('data-testid="user-bob"')
    expect(html).not.toContain('data-testid="admin-users-error"')
    expect(new URL(page.url()).pathname).toBe('/admin')
    expect(await page.getByTestId('who-name').textContent()).toBe('Alice Admin')

    const renewed = await cookie(page, 'auth.token')
    expect(renewed).not.toBe(staleToken)
    expect(await serverSeesToken(renewed!)).toBe(true)
    expect(await cookieFetchStatus(page, '/api/admin/users')).toBe(200)
  })
})
