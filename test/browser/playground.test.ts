import { getBrowser, url } from '@nuxt/test-utils/e2e'
import type { NuxtPage } from '@nuxt/test-utils/e2e'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { playgroundPath, setupBuiltApp, TEST_SECRET } from '../e2e/helpers/app'
import { chromiumOptions, recordConsoleProblems, signInThroughForm } from '../e2e/helpers/browser'
import { reusedTabs } from '../e2e/helpers/tabs'
import { actingAs, sessionCookie } from '../../src/test-utils'

await setupBuiltApp(playgroundPath, {}, { browser: true, browserOptions: chromiumOptions })
const tabs = reusedTabs(getBrowser)

// The playground's database (PGlite) compiles Postgres on start, holding the server's one thread for
// seconds on a loaded machine: wait for it here, so that no test's own time is spent on it.
beforeAll(async () => {
  const cookie = await sessionCookie({ role: 'admin', uid: '1' }, { secret: TEST_SECRET })
  const response = await fetch(url('/api/posts'), { headers: { cookie } })
  expect(response.status).toBe(200)
}, 120_000)

// The console of every page opened in this file; checked once all tests ran.
const pageConsoles: string[][] = []

async function openPage(path: string): Promise<NuxtPage> {
  const page = await tabs.open()
  pageConsoles.push(recordConsoleProblems(page))
  await page.goto(url(path), { waitUntil: 'hydration' })
  return page
}

// The home page probes every API route on purpose; the browser logs each 401/403 it answers.
const expectedDenial = /Failed to load resource: the server responded with a status of 40[13] /

afterAll(() => {
  const problems = pageConsoles.flat().filter(problem => !expectedDenial.test(problem))
  expect(problems.filter(problem => /hydration/i.test(problem)), 'hydration warnings').toEqual([])
  expect(problems, 'console warnings and errors').toEqual([])
})

const shown = async (page: Page, testId: string) => await page.getByTestId(testId).count() > 0

// A mark on the window survives client-side navigation and is gone after a reload.
async function markWindow(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { stayed: boolean }).stayed = true
  })
}
const windowIsMarked = (page: Page) => page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed === true)

describe('signing in and out changes what the page shows, without a reload', () => {
  it('editor: sign in, see editor things, sign out, see them go', async () => {
    const page = await openPage('/login')
    await signInThroughForm(page, 'editor', 'editor-pass')
    await page.waitForURL(url('/'))
    await markWindow(page)

    await page.getByTestId('cap-write-posts').waitFor()
    expect(await shown(page, 'nav-new-post')).toBe(true)
    expect(await shown(page, 'nav-editor')).toBe(true)
    expect(await shown(page, 'nav-admin')).toBe(false)
    expect(await shown(page, 'cap-manage-all')).toBe(false)
    expect(await shown(page, 'cap-no-writing')).toBe(false)

    await page.getByTestId('sign-out').click()
    await page.getByTestId('sign-in-link').waitFor()
    await page.getByTestId('cap-no-writing').waitFor()
    expect(await shown(page, 'cap-write-posts')).toBe(false)
    expect(await shown(page, 'nav-new-post')).toBe(false)
    expect(await shown(page, 'nav-posts')).toBe(false)
    expect(await windowIsMarked(page)).toBe(true)
  })
})

describe('the login page\'s demo users', () => {
  it('signs in with one click and goes back where the guard sent you from', async () => {
    const page = await openPage('/login?callbackUrl=/editor')
    await page.getByTestId('demo-casey').click()
    await page.waitForURL(url('/editor'))
    expect(await page.getByTestId('roles').textContent()).toBe('editor, billing')
    await page.getByTestId('editor-desk').waitFor()
  })
})

describe('client-side navigation to guarded pages, as each role', () => {
  const expectations: Array<[user: string, link: string, lands: string, testId: string]> = [
    ['admin', 'go-admin', '/admin', 'admin-area'],
    ['admin', 'go-admin-settings', '/admin/settings', 'admin-settings'],
    ['editor', 'go-admin', '/forbidden?from=/admin', 'forbidden'],
    ['editor', 'go-admin-settings', '/forbidden?from=/admin/settings', 'forbidden'],
    ['editor', 'go-editor', '/editor', 'editor-desk'],
    ['editor', 'go-new-post', '/posts/new', 'new-post'],
    ['viewer', 'go-editor', '/forbidden?from=/editor', 'forbidden'],
    ['viewer', 'go-new-post', '/forbidden?from=/posts/new', 'forbidden'],
  ]

  it.each(expectations)('%s follows %s → %s', async (user, link, lands, testId) => {
    const page = await openPage('/login')
    await signInThroughForm(page, user, `${user}-pass`)
    await page.waitForURL(url('/'))
    await markWindow(page)
    await page.getByTestId(link).click()
    await page.getByTestId(testId).waitFor()
    expect(decodeURIComponent(page.url())).toBe(url(lands))
    expect(await shown(page, 'admin-settings')).toBe(testId === 'admin-settings')
    expect(await windowIsMarked(page)).toBe(true)
  })

  it('signed out: a guarded link leads to sign-in with the way back', async () => {
    const page = await openPage('/')
    await page.getByTestId('go-editor').click()
    await page.waitForURL(/\/login\?/)
    expect(new URL(page.url()).searchParams.get('callbackUrl')).toBe('/editor')
    await signInThroughForm(page, 'editor', 'editor-pass')
    await page.getByTestId('editor-desk').waitFor()
    expect(new URL(page.url()).pathname).toBe('/editor')
  })
})

describe('v-can on records, in the browser', () => {
  it('an editor sees the edit button on their own post only, after hydration', async () => {
    const page = await openPage('/login')
    await signInThroughForm(page, 'editor', 'editor-pass')
    await page.getByTestId('nav-posts').click()
    await page.getByTestId('posts').waitFor()
    expect(await shown(page, 'edit-2')).toBe(true)
    expect(await shown(page, 'edit-1')).toBe(false)
    // Posts 2 and 5 are Eddie's; 3 is another user's draft, so the server never sent it.
    expect(await page.getByTestId('editable-posts').locator('li').count()).toBe(2)
    expect(await shown(page, 'post-3')).toBe(false)
  })
})

describe('the posts page: a list filtered by the database, and a policy behind a button', () => {
  it('casey\'s locked draft: Publish shows the reason the policy gives', async () => {
    const page = await openPage('/login')
    await signInThroughForm(page, 'casey', 'casey-pass')
    await page.getByTestId('nav-posts').click()
    await page.getByTestId('publish-6').click()
    expect(await page.getByTestId('refusal-6').textContent()).toBe('This post is locked')
    expect(await page.getByTestId('post-6').textContent()).toContain('draft')
  })

  it('an editor publishes a draft of their workspace, and the list shows it published', async () => {
    const page = await openPage('/login')
    await signInThroughForm(page, 'editor', 'editor-pass')
    await page.getByTestId('nav-posts').click()
    await page.getByTestId('publish-5').click()
    await page.getByTestId('publish-5').waitFor({ state: 'detached' })
    expect(await page.getByTestId('post-5').textContent()).toContain('published')
    expect(await shown(page, 'refusal-5')).toBe(false)
  })
})

describe('the login page never sends you to another site', () => {
  it.each(['//evil.example', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)'])('callbackUrl=%s', async (callbackUrl) => {
    const page = await openPage(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`)
    await signInThroughForm(page, 'viewer', 'viewer-pass')
    await page.waitForURL(url('/'))
    expect(new URL(page.url()).origin).toBe(new URL(url('/')).origin)
  })
})

describe('nuxt-auth-rbac/test-utils in a real browser', () => {
  it('actingAs opens a guarded page as the role, no sign-in form', async () => {
    const page = await tabs.open()
    await actingAs(page, { role: 'admin', uid: '1', name: 'Ada Admin' }, { secret: TEST_SECRET })
    await page.goto(url('/admin'), { waitUntil: 'hydration' })
    expect(new URL(page.url()).pathname).toBe('/admin')
    expect(await page.getByTestId('admin-area').count()).toBe(1)
  })

  it('actingAs with a weaker role is sent to the forbidden page', async () => {
    const page = await tabs.open()
    await actingAs(page, { role: 'viewer', uid: '3' }, { secret: TEST_SECRET })
    await page.goto(url('/admin'), { waitUntil: 'hydration' })
    expect(new URL(page.url()).pathname).toBe('/forbidden')
    expect(await page.getByTestId('admin-area').count()).toBe(0)
  })
})

describe('fresh roles in an open tab (server/rbac-roles.ts, the admin page)', () => {
  async function signedIn(user: string, password: string, path = '/'): Promise<NuxtPage> {
    const page = await openPage('/login')
    await signInThroughForm(page, user, password)
    await page.waitForURL(url('/'))
    if (path !== '/') {
      await page.goto(url(path), { waitUntil: 'hydration' })
    }
    return page
  }
  // What the tab does when it becomes visible again: sidebase refreshes the session.
  const nextSessionRefresh = (page: Page) => page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')))

  it('an admin demoted on the admin page loses the Admin link at the next session refresh, without a reload', async () => {
    const ash = await signedIn('ash', 'ash-pass')
    await markWindow(ash)
    expect(await shown(ash, 'nav-admin')).toBe(true)

    const admin = await signedIn('admin', 'admin-pass', '/admin')
    await admin.getByTestId('role-6').selectOption('viewer')
    await admin.getByTestId('admin-notice').waitFor()
    await admin.getByTestId('user-6').locator('code', { hasText: /^viewer$/ }).waitFor()

    await nextSessionRefresh(ash)
    await ash.getByTestId('nav-admin').waitFor({ state: 'detached' })
    expect(await ash.getByTestId('roles').textContent()).toBe('viewer')
    expect(await shown(ash, 'nav-editor')).toBe(false)
    expect(await windowIsMarked(ash)).toBe(true)

    await admin.getByTestId('role-6').selectOption('admin')
    await admin.getByTestId('admin-notice').waitFor()
    await nextSessionRefresh(ash)
    await ash.getByTestId('nav-admin').waitFor()
  })

  it('"Sign out everywhere" signs the other tab out at its next session refresh', async () => {
    const ash = await signedIn('ash', 'ash-pass')
    await markWindow(ash)
    const admin = await signedIn('admin', 'admin-pass', '/admin')
    await admin.getByTestId('sign-out-6').click()
    await admin.getByTestId('admin-notice').getByText('signed out everywhere').waitFor()

    await nextSessionRefresh(ash)
    await ash.getByTestId('sign-in-link').waitFor()
    expect(await shown(ash, 'nav-admin')).toBe(false)
    expect(await windowIsMarked(ash)).toBe(true)
    // A new sign-in afterwards is not affected.
    await ash.goto(url('/login'), { waitUntil: 'hydration' })
    await signInThroughForm(ash, 'ash', 'ash-pass')
    await ash.getByTestId('nav-admin').waitFor()
  })
})

describe('hydration', () => {
  it('a fresh signed-in load of every page hydrates without warnings', async () => {
    const page = await openPage('/login')
    // This test's own page only: what other tests' pages logged is theirs (checked in afterAll).
    const problems = recordConsoleProblems(page)
    await signInThroughForm(page, 'admin', 'admin-pass')
    const visited: string[] = []
    for (const path of ['/', '/posts', '/admin', '/admin/settings', '/editor', '/posts/new']) {
      const response = await page.goto(url(path), { waitUntil: 'hydration' })
      expect(response?.status(), path).toBe(200)
      visited.push(new URL(page.url()).pathname)
    }
    expect(visited).toEqual(['/', '/posts', '/admin', '/admin/settings', '/editor', '/posts/new'])
    const unexpected = problems.filter(problem => !expectedDenial.test(problem))
    expect(unexpected.filter(problem => /hydration/i.test(problem)), 'hydration warnings').toEqual([])
    expect(unexpected, 'console warnings and errors').toEqual([])
  })
})
