import { createPage, url } from '@nuxt/test-utils/e2e'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { playgroundPath, setupBuiltApp } from '../e2e/helpers/app'
import { chromiumOptions, recordConsoleProblems, signInThroughForm } from '../e2e/helpers/browser'

// v-role follows the session in an open tab: the playground's "Editor desk" link
// (v-role="['admin', 'editor']" in playground/app/app.vue).
await setupBuiltApp(playgroundPath, {}, { browser: true, browserOptions: chromiumOptions })

const shown = async (page: Page, testId: string) => await page.getByTestId(testId).count() > 0
const markWindow = (page: Page) => page.evaluate(() => {
  (window as unknown as { stayed: boolean }).stayed = true
})
const windowIsMarked = (page: Page) => page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed === true)

describe('v-role in the browser', () => {
  it('the element appears after a client-side sign-in with the role, and goes after sign-out, without a reload', async () => {
    const page = await createPage()
    const problems = recordConsoleProblems(page)
    await page.goto(url('/'), { waitUntil: 'hydration' })
    await markWindow(page)
    expect(await shown(page, 'sign-in-link')).toBe(true)
    expect(await shown(page, 'nav-editor')).toBe(false)

    await page.getByTestId('sign-in-link').click()
    await signInThroughForm(page, 'editor', 'editor-pass')
    await page.getByTestId('nav-editor').waitFor()

    await page.getByTestId('sign-out').click()
    await page.getByTestId('sign-in-link').waitFor()
    expect(await shown(page, 'nav-editor')).toBe(false)

    // Signed in without the role: still absent.
    await page.getByTestId('sign-in-link').click()
    await signInThroughForm(page, 'viewer', 'viewer-pass')
    expect(await page.getByTestId('roles').textContent()).toBe('viewer')
    expect(await shown(page, 'nav-editor')).toBe(false)

    expect(await windowIsMarked(page), 'no reload').toBe(true)
    expect(problems.filter(problem => /hydration/i.test(problem)), 'hydration warnings').toEqual([])
    await page.close()
  })
})
