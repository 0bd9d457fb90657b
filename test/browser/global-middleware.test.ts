import { createPage, url } from '@nuxt/test-utils/e2e'
import { expect, it } from 'vitest'
import { builtApps } from '../e2e/helpers/apps'
import { setupBuiltApp, TEST_SECRET } from '../e2e/helpers/app'
import { chromiumOptions, recordConsoleProblems } from '../e2e/helpers/browser'
import { actingAs } from '../../src/test-utils'

// sidebase's global middleware on (`globalAppMiddleware: true`): the 403 error page of a role-guarded
// page, server-rendered and then hydrated, and after a client-side navigation.
await setupBuiltApp(builtApps.globalMiddleware, {}, { browser: true, browserOptions: chromiumOptions })

it('a signed-in user without the role gets the 403 page, on opening the page and on following a link to it', async () => {
  const page = await createPage()
  const problems = recordConsoleProblems(page)
  await actingAs(page, { role: 'viewer', uid: '3', name: 'Vera' }, { secret: TEST_SECRET })

  await page.goto(url('/admin'))
  expect(page.url(), 'the server answered the page, not a sign-in redirect').toBe(url('/admin'))
  // Hydration must not turn the server's 403 into a sign-in redirect either.
  await page.waitForFunction(() => (window as unknown as { useNuxtApp?: () => { isHydrating: boolean } }).useNuxtApp?.().isHydrating === false)
  await page.waitForLoadState('networkidle')
  expect(page.url()).toBe(url('/admin'))
  expect((await page.locator('#error-status').textContent())?.trim()).toBe('403')
  expect(await page.locator('#admin-area').count()).toBe(0)

  await page.goto(url('/'), { waitUntil: 'hydration' })
  await page.locator('#go-admin').click()
  await page.locator('#error-status').waitFor()
  expect((await page.locator('#error-status').textContent())?.trim()).toBe('403')
  expect(await page.locator('#admin-area').count()).toBe(0)
  expect(new URL(page.url()).pathname).not.toMatch(/^\/api\/auth/)

  // The browser reports the server's 403 for the document it opened; nothing else may go wrong.
  expect(problems.filter(problem => !/status of 403/.test(problem))).toEqual([])
  await page.close()
})
