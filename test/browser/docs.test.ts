import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { extname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumOptions, recordConsoleProblems } from '../e2e/helpers/browser'
import { runCommand } from '../e2e/helpers/processes'
import { oneBuildingFileAtATime } from '../e2e/helpers/building-file'
import { reusedTabs } from '../e2e/helpers/tabs'

// Builds the documentation site: never beside another such file (test/e2e/helpers/building-file.ts).
await oneBuildingFileAtATime()

// The documentation site as a reader gets it: `npm run docs:build` (the API reference generated
// from the source, then VitePress, which fails on a dead link), the built files served as any
// static host would, and opened in Chromium.
const root = fileURLToPath(new URL('../..', import.meta.url))
const dist = join(root, 'docs/.vitepress/dist')

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
}

/** The file a site path names: a folder's index.html, else the file itself. */
function fileFor(pathname: string): string | undefined {
  const file = resolve(dist, `.${decodeURIComponent(pathname)}`)
  if (file !== dist && !file.startsWith(dist + sep)) {
    return undefined
  }
  const candidate = pathname.endsWith('/') ? join(file, 'index.html') : file
  return existsSync(candidate) ? candidate : undefined
}

function serve(): Promise<Server> {
  const server = createServer((request, response) => {
    const file = fileFor(new URL(request.url ?? '/', 'http://docs.test').pathname)
    response.writeHead(file ? 200 : 404, { 'content-type': types[extname(file ?? '.html')] ?? 'application/octet-stream' })
    response.end(readFileSync(file ?? join(dist, '404.html')))
  })
  return new Promise(done => server.listen(0, '127.0.0.1', () => done(server)))
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? htmlFiles(path) : entry.name.endsWith('.html') ? [path] : []
  })
}

let server: Server
let origin: string
let browser: Browser
const tabs = reusedTabs(async () => browser)

beforeAll(async () => {
  const started = Date.now()
  const build = await runCommand('npm', ['run', 'docs:build'], { cwd: root })
  expect(build.code, build.stdout + build.stderr).toBe(0)
  console.log(`[docs] npm run docs:build took ${((Date.now() - started) / 1000).toFixed(1)} s`)
  server = await serve()
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  browser = await chromium.launch(chromiumOptions.launch)
}, 600_000)

afterAll(async () => {
  await browser?.close()
  await new Promise(done => server?.close(done))
})

describe('the documentation site', () => {
  it('opens on its home page, with the way into the guide', async () => {
    const page = await tabs.open()
    const problems = recordConsoleProblems(page)
    await page.goto(`${origin}/`)
    await expect.poll(() => page.locator('.VPHero .name').textContent()).toContain('nuxt-auth-rbac')
    await page.getByRole('link', { name: 'Get started' }).click()
    await page.waitForURL('**/guide/getting-started.html')
    await expect.poll(() => page.locator('h1').textContent()).toContain('Getting started')
    expect(problems).toEqual([])
  })

  it('renders a guide page with its sidebar, and the sidebar navigates without reloading the page', async () => {
    const page = await tabs.open()
    const problems = recordConsoleProblems(page)
    await page.goto(`${origin}/guide/getting-started.html`)
    const sidebar = page.locator('.VPSidebar')
    for (const name of ['Getting started', 'Coming from nuxt-auth', 'Server utils', 'routeRules', 'Security model', 'Roles from an OAuth profile']) {
      await sidebar.getByRole('link', { name, exact: true }).waitFor()
    }
    expect(await page.locator('h2#quick-start').count()).toBe(1)
    await page.evaluate(() => Object.assign(window, { sameDocument: true }))
    await sidebar.getByRole('link', { name: 'Server utils', exact: true }).click()
    await page.waitForURL('**/guide/server-utils.html')
    await expect.poll(() => page.locator('h1').textContent()).toContain('Server utils')
    expect(await page.locator('table').first().textContent()).toContain('requireRole(event, role')
    // The same document: VitePress's router fetched the page, the browser did not load it anew.
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true)
    expect(problems).toEqual([])
  })

  it('renders the API reference generated from the source, and the DevTools screenshot', async () => {
    const page = await tabs.open()
    await page.goto(`${origin}/api/server.html`)
    await expect.poll(() => page.locator('h1').textContent()).toContain('Server utils')
    expect(await page.locator('h2#requirerole + div pre').textContent()).toContain('function requireRole(event: H3Event, role: Role | readonly Role[], options?: RequireRoleOptions): Promise<RbacContext>')
    await page.goto(`${origin}/guide/devtools.html`)
    const image = page.locator('main img').first()
    await image.waitFor()
    expect(await image.evaluate(element => (element as HTMLImageElement).complete && (element as HTMLImageElement).naturalWidth > 0)).toBe(true)
  })

  it('links only to files the build wrote, and to headings that exist', () => {
    const pages = htmlFiles(dist)
    expect(pages.length).toBeGreaterThan(20)
    const broken: string[] = []
    for (const file of pages) {
      const html = readFileSync(file, 'utf8')
      const here = new URL(relative(dist, file).split(sep).join('/'), 'http://docs.test/')
      for (const [, link] of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
        if (/^[a-z][a-z\d+.-]*:/i.test(link!) || link!.startsWith('//')) {
          continue
        }
        const target = new URL(link!.replaceAll('&amp;', '&'), here)
        if (target.host !== 'docs.test') {
          continue
        }
        const found = fileFor(target.pathname)
        const hash = decodeURIComponent(target.hash.slice(1))
        if (!found) {
          broken.push(`${relative(dist, file)}: ${link} (no such file)`)
        }
        else if (hash && found.endsWith('.html') && !readFileSync(found, 'utf8').includes(` id="${hash}"`)) {
          broken.push(`${relative(dist, file)}: ${link} (no heading #${hash})`)
        }
      }
    }
    expect(broken).toEqual([])
  })

  it('fails its build on a dead link', async () => {
    // A one-page site under the real configuration, with a link to a page that does not exist.
    const site = mkdtempSync(join(tmpdir(), 'rbac-docs-'))
    try {
      writeFileSync(join(site, 'index.md'), '# Home\n\nSee [the missing page](./missing.md).\n')
      const config = join(site, '.vitepress')
      await import('node:fs/promises').then(fs => fs.mkdir(config))
      writeFileSync(join(config, 'config.mts'), `export { default } from ${JSON.stringify(join(root, 'docs/.vitepress/config.ts'))}\n`)
      const build = await runCommand('npx', ['vitepress', 'build', site], { cwd: root })
      expect(build.code).not.toBe(0)
      expect(build.stdout + build.stderr).toMatch(/dead link \.\/missing/i)
    }
    finally {
      rmSync(site, { recursive: true, force: true })
    }
  }, 120_000)
})
