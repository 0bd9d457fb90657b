import { fileURLToPath } from 'node:url'
import { createPage, setup, url } from '@nuxt/test-utils/e2e'
import { getRandomPort } from 'get-port-please'
import { describe, expect, it } from 'vitest'
import { actingAs } from '../../src/test-utils'
import { TEST_SECRET, playgroundPath } from '../e2e/helpers/app'
import { chromiumOptions } from '../e2e/helpers/browser'

// The playground under `nuxi dev`: the DevTools tab's page exists in development only.
const port = await getRandomPort('127.0.0.1')
await setup({
  rootDir: playgroundPath,
  dev: true,
  port,
  browser: true,
  browserOptions: chromiumOptions,
  env: { NUXT_AUTH_SECRET: TEST_SECRET, AUTH_ORIGIN: `http://127.0.0.1:${port}/api/auth` },
})

const screenshot = fileURLToPath(new URL('../../docs/devtools-tab.png', import.meta.url))

describe('the DevTools tab (development)', () => {
  it('shows the user\'s roles, and a denial with its reason right after a 403', async () => {
    const page = await createPage()
    await actingAs(page, { role: 'viewer', uid: '3', name: 'Vera Viewer' }, { secret: TEST_SECRET })
    const denied = await page.request.get(url('/api/editor/drafts'))
    expect(denied.status()).toBe(403)

    await page.goto(url('/__rbac_devtools'))
    await page.getByTestId('rbac-roles').getByText('viewer').waitFor()
    const row = page.getByTestId('rbac-denials').locator('tr', { hasText: '/api/editor/drafts' })
    await row.waitFor()
    expect(await row.textContent()).toContain('requires one of: editor (role not met)')
    expect(await page.getByTestId('rbac-rules').textContent()).toContain('"subject": "Post"')
    expect(await page.getByTestId('rbac-matrix').locator('tr', { hasText: '/api/editor/drafts' }).textContent()).toMatch(/✓.*·/)

    // A page the guard refuses in the browser shows up too, with the requirement that failed.
    await page.goto(url('/'), { waitUntil: 'hydration' })
    await page.getByTestId('go-editor').click()
    await page.waitForURL(/\/forbidden/)
    await page.goto(url('/__rbac_devtools'))
    await page.getByTestId('rbac-denials').locator('tr', { hasText: 'page requires one of: admin, editor' }).first().waitFor()

    await page.setViewportSize({ width: 1100, height: 900 })
    await page.screenshot({ path: screenshot, fullPage: false })
    await page.close()
  }, 120_000)
})
