import { mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { Page } from 'playwright-core'

/** Debian's Chromium, started the way this machine needs (root, no network, no GPU). */
export const chromiumOptions = {
  type: 'chromium' as const,
  launch: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  },
}

/** Every console warning and error of the page, for asserting that there were none. */
export function recordConsoleProblems(page: Page): string[] {
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'warning' || message.type() === 'error') {
      problems.push(`${message.type()}: ${message.text()}`)
    }
  })
  page.on('pageerror', error => problems.push(`pageerror: ${error.message}`))
  return problems
}

/** Signs in through the playground's login form, as a person would. */
export async function signInThroughForm(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password').fill(password)
  await page.getByTestId('sign-in').click()
  await page.getByTestId('who').waitFor()
}

/**
 * A Playwright browsers folder whose Chromium is Debian's: for running a test file as a user
 * writes it (`setup({ browser: true })`, no launch options) on a machine where Playwright cannot
 * download its own browsers. Point `PLAYWRIGHT_BROWSERS_PATH` at the folder returned.
 */
export function debianChromiumRegistry(): string {
  const packageJson = createRequire(import.meta.url).resolve('playwright-core/package.json')
  const { browsers } = JSON.parse(readFileSync(join(dirname(packageJson), 'browsers.json'), 'utf8')) as { browsers: Array<{ name: string, revision: string }> }
  const revision = (name: string) => browsers.find(browser => browser.name === name)!.revision
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  const root = mkdtempSync(join(tmpdir(), 'rbac-playwright-'))
  for (const [folder, file] of [
    [`chromium_headless_shell-${revision('chromium-headless-shell')}/chrome-headless-shell-linux64`, 'chrome-headless-shell'],
    [`chromium-${revision('chromium')}/chrome-linux64`, 'chrome'],
  ] as const) {
    mkdirSync(join(root, folder), { recursive: true })
    symlinkSync(chromium, join(root, folder, file))
  }
  return root
}
