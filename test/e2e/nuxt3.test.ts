import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getRandomPort } from 'get-port-please'
import { request, signIn } from './helpers/auth'
import { TEST_SECRET } from './helpers/app'
import { packModule } from './helpers/pack'
import { runCommand, startNitro } from './helpers/processes'
import { oneBuildingFileAtATime } from './helpers/building-file'
import type { Running } from './helpers/processes'

// Installs, builds and type-checks apps of its own: never beside another such file
// (test/e2e/helpers/building-file.ts).
await oneBuildingFileAtATime()

// A Nuxt 3.21.11 app that installs the module from the tarball `npm pack` makes, as a user's app
// would (its own node_modules: Nuxt 3, @nuxt/kit 3, the module's dist), built and served in production.
const root = fileURLToPath(new URL('../..', import.meta.url))
const app = join(root, 'test/fixtures/nuxt3')
// A Nuxt 4.4.5 app that installs the same tarball, only type-checked.
const nuxt4 = join(root, 'test/fixtures/nuxt4-types')
const install = ['install', '--no-audit', '--no-fund', '--no-package-lock', '--prefer-offline']

/** Runs a step of the set-up; a failure stops it with the end of what the command said. */
async function run(command: string, args: string[], cwd: string): Promise<string> {
  const { code, stderr } = await runCommand(command, args, { cwd })
  if (code !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd} (exit ${code})\n${stderr.slice(-2000)}`)
  }
  return stderr
}

/**
 * vue-tsc over an app's programs, as `nuxi typecheck` runs it: `-b` over a Nuxt 4 app's project
 * references (`--force`: no stale build info), `-p` over a Nuxt 3 app's one program.
 */
function typecheck(cwd: string, projects: 'references' | 'one') {
  const args = projects === 'references' ? ['-b', '--force', '--noEmit'] : ['--noEmit', '-p', 'tsconfig.json']
  return runCommand(join(root, 'node_modules/.bin/vue-tsc'), args, { cwd })
}

let server: Running
let origin: string
// The same build with sidebase's global middleware switched on when the server starts (its runtime
// config): `globalAppMiddleware: { isEnabled: true }` with sidebase's other defaults.
let globalServer: Running
let globalOrigin: string
let installSaid: string

beforeAll(async () => {
  // nuxt-module-build build and npm pack, unless this run has packed the module as it is already
  // (into .pack/nuxt-auth-rbac.tgz, which package.json names).
  await packModule()
  rmSync(join(app, 'node_modules/nuxt-auth-rbac'), { recursive: true, force: true })
  rmSync(join(nuxt4, 'node_modules/nuxt-auth-rbac'), { recursive: true, force: true })
  // The two apps side by side: an install mostly waits on the disk and npm's cache (which takes
  // concurrent installs), so two at once take little more than one.
  ;[installSaid] = await Promise.all([run('npm', install, app), run('npm', install, nuxt4)])
  await Promise.all([run('npx', ['nuxi', 'build', '--logLevel', 'silent'], app), run('npx', ['nuxi', 'prepare', '--logLevel', 'silent'], nuxt4)])
  const port = await getRandomPort('127.0.0.1')
  origin = `http://127.0.0.1:${port}`
  server = await startNitro(join(app, '.output'), port, { AUTH_ORIGIN: `${origin}/api/auth`, NUXT_AUTH_SECRET: TEST_SECRET })
  const globalPort = await getRandomPort('127.0.0.1')
  globalOrigin = `http://127.0.0.1:${globalPort}`
  globalServer = await startNitro(join(app, '.output'), globalPort, {
    AUTH_ORIGIN: `${globalOrigin}/api/auth`,
    NUXT_AUTH_SECRET: TEST_SECRET,
    NUXT_PUBLIC_AUTH_GLOBAL_APP_MIDDLEWARE_IS_ENABLED: 'true',
  })
}, 400_000)

afterAll(async () => {
  await Promise.all([server?.stop(), globalServer?.stop()])
})

const at = (path: string, cookie?: string | null) => request(path, cookie, {}, origin)

describe('Nuxt 3.21.11, the module installed from its tarball', () => {
  it('carries roles into the session', async () => {
    const session = await (await at('/api/auth/session', await signIn('vera', 'pw', origin))).json()
    expect(session).toMatchObject({ role: 'viewer', roles: ['viewer'], uid: '3' })
  })

  it('guards API routes with requireRole and route rules: 200, 403, 401', async () => {
    const ada = await signIn('ada', 'pw', origin)
    const vera = await signIn('vera', 'pw', origin)
    expect((await at('/api/editor', ada)).status).toBe(200)
    expect((await at('/api/admin/stats', ada)).status).toBe(200)
    expect((await at('/api/editor', vera)).status).toBe(403)
    expect((await at('/api/admin/stats', vera)).status).toBe(403)
    expect((await at('/api/admin/stats')).status).toBe(401)
  })

  it('ships the audit command: npx nuxt-auth-rbac audit in the app\'s folder', async () => {
    const { code, stdout, stderr } = await runCommand('npx', ['nuxt-auth-rbac', 'audit', '--json'], { cwd: app })
    expect(code, stderr).toBe(0)
    const report = JSON.parse(stdout)
    expect(report.api.map((route: { route: string, status: string }) => `${route.route} ${route.status}`)).toEqual([
      '/api/admin/stats guarded',
      '/api/auth/** auth',
      '/api/editor guarded',
      '/api/open unguarded',
    ])
    expect(report.pages.map((page: { path: string }) => page.path)).toEqual(['/admin', '/'])
  })

  it('guards pages and compiles v-can away in the server-rendered HTML', async () => {
    const ada = await signIn('ada', 'pw', origin)
    const vera = await signIn('vera', 'pw', origin)
    expect(await (await at('/admin', ada)).text()).toContain('admin area')
    expect((await at('/admin', vera)).status).toBe(403)
    expect((await at('/admin')).status).toBe(302)
    const html = await (await at('/', vera)).text()
    expect(html).toContain('id="can-read"')
    expect(html).not.toContain('id="can-manage"')
  })
})

describe('Nuxt 3.21.11 with sidebase\'s global middleware on', () => {
  const page = (path: string, cookie?: string | null) => request(path, cookie, { headers: { accept: 'text/html' } }, globalOrigin)

  it('answers a signed-in user without the role with 403 and the error page, not a sign-in redirect', async () => {
    const response = await page('/admin', await signIn('vera', 'pw', globalOrigin))
    expect(response.headers.get('location')).toBeNull()
    expect(response.status).toBe(403)
    expect(await response.text()).toMatch(/<h1 id="error-status">\s*403\s*<\/h1>/)
  })

  it('opens for the role, and sends a signed-out visitor to sign-in with a same-origin callbackUrl', async () => {
    expect(await (await page('/admin', await signIn('ada', 'pw', globalOrigin))).text()).toContain('admin area')
    const response = await page('/admin')
    expect(response.status).toBe(302)
    const location = new URL(response.headers.get('location')!, globalOrigin)
    expect(location.origin + location.pathname).toBe(`${globalOrigin}/api/auth/signin`)
    expect(location.searchParams.get('callbackUrl')).toBe('/admin')
  })
})

describe('types in apps that install the tarball', () => {
  // Each app writes the README's route rules in nuxt.config.ts, page meta, useRbac() and requireRole()
  // with its roles, and a misspelt role under @ts-expect-error: an untyped `rbac` fails as surely as
  // a role that is not checked.
  it('Nuxt 3.21.11: nuxt.config.ts, pages, composables and server utils are typed from rbac.roles', async () => {
    const { code, stdout } = await typecheck(app, 'one')
    expect(stdout).toBe('')
    expect(code).toBe(0)
  }, 120_000)

  it('Nuxt 4.4.5: the same, nuxt.config.ts in its own program (.nuxt/tsconfig.node.json)', async () => {
    const { code, stdout } = await typecheck(nuxt4, 'references')
    expect(stdout).toBe('')
    expect(code).toBe(0)
  }, 120_000)
})

describe('dependencies in a Nuxt 3.21.11 app', () => {
  it('shares Nuxt\'s @nuxt/kit and its one native parser, with no peer warning', async () => {
    const nested = join(app, 'node_modules/nuxt-auth-rbac/node_modules')
    for (const shared of ['@nuxt/kit', 'oxc-parser', '@oxc-parser', 'oxc-walker', 'jiti', 'defu']) {
      expect(existsSync(join(nested, shared)), `a second ${shared} under nuxt-auth-rbac`).toBe(false)
    }
    // Nuxt's own copies are at the top too: the module and Nuxt load the same parser and kit.
    for (const own of ['@nuxt/kit', 'oxc-parser', 'oxc-walker']) {
      expect(existsSync(join(app, 'node_modules/nuxt/node_modules', own)), `Nuxt's ${own} apart from the module's`).toBe(false)
    }
    expect(installSaid).not.toMatch(/peer/i)
  })
})
