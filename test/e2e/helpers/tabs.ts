// Browser tabs that the tests of one file hand on to each other, each test getting one as a new
// tab would be: no cookies, no storage, no listeners, no routes, the default viewport, a blank
// document. Opening a new context and page starts a Chromium renderer (~2.3 s of CPU here); a
// navigation in an open tab costs ~0.9. Only the HTTP cache is kept, as it is for a person who
// opens the app again. Each tab is its own context, so two tabs of one test have two cookie jars
// (two people); a test takes as many as it needs, and all return after it (afterEach).
import { waitForHydration } from '@nuxt/test-utils/e2e'
import type { NuxtPage } from '@nuxt/test-utils/e2e'
import type { Browser, BrowserContext, CDPSession } from 'playwright-core'
import { afterEach, expect } from 'vitest'

interface Tab { page: NuxtPage, context: BrowserContext, cdp: CDPSession, origins: Set<string> }

const DEFAULT_VIEWPORT = { width: 1280, height: 720 }

/**
 * Tabs for this file's tests, in `browser` (@nuxt/test-utils' `getBrowser`, or one the file
 * launched): `await tabs.open()`, no need to close them. Their `goto` takes
 * `{ waitUntil: 'hydration' }` as a page of @nuxt/test-utils' `createPage` does.
 */
export function reusedTabs(browser: () => Promise<Browser>) {
  const idle: Tab[] = []
  const lent: Tab[] = []

  async function newTab(): Promise<Tab> {
    const context = await (await browser()).newContext({ viewport: DEFAULT_VIEWPORT })
    const page = await context.newPage()
    const goto = page.goto.bind(page)
    const nuxtPage: NuxtPage = Object.assign(page, {
      goto: async (address: string, options?: Parameters<NuxtPage['goto']>[1]) => {
        const { waitUntil, ...rest } = options ?? {}
        const response = await goto(address, waitUntil === 'hydration' || waitUntil === 'route' ? rest : { ...rest, waitUntil })
        await waitForHydration(page, address, waitUntil)
        return response
      },
    })
    return { page: nuxtPage, context, cdp: await context.newCDPSession(page), origins: new Set<string>() }
  }

  /** Back to what a new tab holds; the origins it visited lose their storage. */
  async function reset(tab: Tab): Promise<void> {
    const { page, context, cdp, origins } = tab
    await Promise.all(context.pages().filter(other => other !== page).map(other => other.close()))
    page.removeAllListeners()
    await Promise.all([page.unrouteAll({ behavior: 'ignoreErrors' }), context.unrouteAll({ behavior: 'ignoreErrors' })])
    // sessionStorage belongs to the tab and outlives navigation: the open document's is cleared
    // before it goes. (No app under test writes it; an origin the test left earlier keeps its own.)
    if (page.url().startsWith('http')) {
      await page.evaluate(() => sessionStorage.clear())
    }
    await page.goto('about:blank')
    await context.clearCookies()
    await context.clearPermissions()
    for (const origin of origins) {
      await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' })
    }
    origins.clear()
    await page.setViewportSize(DEFAULT_VIEWPORT)
    expect(await context.cookies(), 'a reused tab keeps no cookie').toEqual([])
  }

  afterEach(async () => {
    for (const tab of lent.splice(0)) {
      await reset(tab)
      idle.push(tab)
    }
  })

  return {
    /** A tab as new. */
    async open(): Promise<NuxtPage> {
      const tab = idle.pop() ?? await newTab()
      lent.push(tab)
      // Listeners go at each reset: the origins this lending visits are watched anew.
      tab.page.on('framenavigated', (frame) => {
        const { origin } = new URL(frame.url())
        if (origin.startsWith('http')) {
          tab.origins.add(origin)
        }
      })
      return tab.page
    },
  }
}
