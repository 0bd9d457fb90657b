import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadNuxt } from '@nuxt/kit'
import { fixturePath } from './helpers/app'
import { packModule } from './helpers/pack'
import { runCommand } from './helpers/processes'

// A Nuxt 3.15.4 app, older than the module supports, that installs it from the tarball `npm pack`
// makes. Nuxt 3.15 would disable a module whose meta.compatibility it does not meet with only a
// warning and build the app with its admin API open; the module must refuse instead.
const root = fileURLToPath(new URL('../..', import.meta.url))
// Built outside the repository, as a user's app is: Nuxt 3.15's loadNuxt resolves `nuxt` from the
// app's parent folder, and inside the repository it would load the repository's own Nuxt 4.
const app = mkdtempSync(join(tmpdir(), 'rbac-old-nuxt-'))
const packDir = join(app, '.pack')
const tarball = join(packDir, 'nuxt-auth-rbac.tgz')
// Packages come from npm's cache when it has them; install scripts are not needed to load Nuxt.
const quick = ['--no-audit', '--no-fund', '--no-package-lock', '--prefer-offline', '--ignore-scripts']
// next-auth's peers (next, react) are not needed to load Nuxt either.
const withoutPeers = ['--omit=peer']
// The user's npm as it comes: no configuration that would accept the conflict on its own.
const strictNpm = { npm_config_legacy_peer_deps: 'false', npm_config_force: 'false' }

/** Runs a step of the set-up; a failure stops it with the end of what the command said. */
async function run(command: string, args: string[], cwd: string): Promise<void> {
  const { code, stderr } = await runCommand(command, args, { cwd })
  if (code !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd} (exit ${code})\n${stderr.slice(-2000)}`)
  }
}

/** The packed module (test/e2e/helpers/pack.ts: packed once per change of the sources), in the app's .pack. */
async function pack(): Promise<void> {
  mkdirSync(packDir)
  copyFileSync(await packModule(), tarball)
}

beforeAll(async () => {
  cpSync(join(root, 'test/fixtures/old-nuxt'), app, { recursive: true })
  await pack()
}, 120_000)

afterAll(() => {
  rmSync(app, { recursive: true, force: true })
})

describe('Nuxt 3.15.4, older than the module supports', () => {
  it('npm refuses the install: the module\'s nuxt peer range does not take 3.15.4', async () => {
    const { code, stderr } = await runCommand('npm', ['install', '--dry-run', ...quick], { cwd: app, env: strictNpm })
    expect(code).not.toBe(0)
    expect(stderr).toContain('ERESOLVE')
    expect(stderr).toContain('Found: nuxt@3.15.4')
    expect(stderr).toContain('peer nuxt@"^3.19.0 || ^4.1.0" from nuxt-auth-rbac')
  }, 120_000)

  it('forced past the peer range, the build fails with what to do, and leaves no server', async () => {
    await run('npm', ['install', '--legacy-peer-deps', ...withoutPeers, ...quick], app)
    // The app's own nuxi, as `npm run build` would run it (npx here would find the repository's).
    const { code, stdout, stderr } = await runCommand(join(app, 'node_modules/.bin/nuxi'), ['build'], { cwd: app })
    const said = stdout + stderr
    expect(code, said).not.toBe(0)
    expect(said).toContain('Nuxt 3.15.4')
    expect(said).toContain('[nuxt-auth-rbac] needs Nuxt >= 3.19 (Nuxt 3) or >= 4.1 (Nuxt 4) (found 3.15.4): upgrade Nuxt')
    expect(said).not.toMatch(/is disabled/)
    expect(existsSync(join(app, '.output/server/index.mjs'))).toBe(false)
  }, 400_000)
})

// On a supported Nuxt, the other way the module could run without effect: @sidebase/nuxt-auth off.
describe('without @sidebase/nuxt-auth set up, the build fails and says so', () => {
  const guarded: Record<string, unknown> = { rbac: { roles: ['admin'] }, routeRules: { '/api/admin/**': { rbac: { role: 'admin' } } } }
  async function loadWith(overrides: Record<string, unknown>) {
    const nuxt = await loadNuxt({ cwd: fixturePath('bare'), dev: false, overrides: { ...guarded, ...overrides } })
    await nuxt.close()
  }

  it('auth: false, which makes Nuxt skip nuxt-auth', async () => {
    await expect(loadWith({ auth: false })).rejects.toThrow(/\[nuxt-auth-rbac\] @sidebase\/nuxt-auth is disabled \(auth: false in nuxt\.config\)/)
  })

  it('auth.isEnabled: false, which makes nuxt-auth skip its own setup', async () => {
    await expect(loadWith({ auth: { isEnabled: false } })).rejects.toThrow(/\[nuxt-auth-rbac\] @sidebase\/nuxt-auth did not set itself up \(auth\.isEnabled: false/)
  })
})
