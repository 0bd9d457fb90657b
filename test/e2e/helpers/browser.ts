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
