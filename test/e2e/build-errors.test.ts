import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { buildNuxt, loadNuxt } from '@nuxt/kit'
import { fixturePath } from './helpers/app'
import { runCommand } from './helpers/processes'

// Loads a real Nuxt app with a broken `rbac` configuration: the module must stop it with a
// message that names the option and the fix.
async function loadWith(overrides: Record<string, unknown>) {
  const nuxt = await loadNuxt({ cwd: fixturePath('bare'), dev: false, overrides })
  await nuxt.close()
}

describe('configuration errors fail the build', () => {
  it('no roles', async () => {
    await expect(loadWith({ rbac: {} })).rejects.toThrow(/\[nuxt-auth-rbac\] rbac\.roles is empty\. List your roles/)
  })

  it('a cycle in inherits', async () => {
    await expect(loadWith({ rbac: { roles: ['a', 'b'], inherits: { a: ['b'], b: ['a'] } } }))
      .rejects.toThrow(/rbac\.inherits has a cycle: a → b → a/)
  })

  it('an unknown role in inherits', async () => {
    await expect(loadWith({ rbac: { roles: ['admin', 'viewer'], inherits: { admin: ['veiwer'] } } }))
      .rejects.toThrow(/rbac\.inherits\.admin names 'veiwer'.*Fix the spelling or add it to rbac\.roles/)
  })

  it('a misspelt role in routeRules', async () => {
    await expect(loadWith({ rbac: { roles: ['admin'] }, routeRules: { '/api/admin/**': { rbac: { role: 'admn' } } } }))
      .rejects.toThrow(/routeRules\['\/api\/admin\/\*\*'\]\.rbac\.role names "admn"/)
  })

  const roles = { rbac: { roles: ['admin'] } }
  it.each([
    [{ '/api/admin/**': { rbac: { role: 'admin' }, proxy: '/api/elsewhere/**' } }, /routeRules\['\/api\/admin\/\*\*'\]\.rbac cannot be enforced: the same rule sets proxy/],
    [{ '/api/**': { redirect: '/new' }, '/api/admin/**': { rbac: { role: 'admin' } } }, /cannot be enforced: routeRules\['\/api\/\*\*'\] sets redirect, and Nitro redirects before any middleware/],
    [{ '/api/admin/stats': { rbac: { role: 'admin' }, swr: 60 } }, /sets swr, and a shared cache would serve one user's guarded response to others/],
    [{ '/api/admin/*': { cache: { maxAge: 60 } }, '/api/admin/**': { rbac: { role: 'admin' } } }, /sets cache/],
    [{ '/admin/**': { rbac: { role: 'admin' }, isr: true } }, /sets isr/],
    [{ '/admin/**': { rbac: { role: 'admin' }, prerender: true } }, /sets prerender, and a prerendered page is served as a static file/],
  ])('rbac where Nitro answers first or a shared cache keeps it: %j', async (routeRules, message) => {
    await expect(loadWith({ ...roles, routeRules })).rejects.toThrow(message)
  })

  it('a rule under the auth base path that covers nuxt-auth\'s own endpoints', async () => {
    await expect(loadWith({ ...roles, routeRules: { '/api/auth/**': { rbac: { role: 'admin' } } } }))
      .rejects.toThrow(/routeRules\['\/api\/auth\/\*\*'\]\.rbac covers nuxt-auth's own endpoint \/api\/auth\/session: nobody could sign in/)
    await expect(loadWith({ ...roles, routeRules: { '/api/auth/:action': { rbac: { role: 'admin' } } } })).rejects.toThrow(/nobody could sign in/)
  })

  it('freshness settings without a roles resolver', async () => {
    await expect(loadWith({ ...roles, rbac: { roles: ['admin'], freshness: { maxAge: 60 } } }))
      .rejects.toThrow(/rbac\.freshness is set, but there is no roles resolver at '~~\/server\/rbac-roles'\. Create it \(export default defineRbacRoles/)
    await expect(loadWith({ ...roles, rbac: { roles: ['admin'], freshness: { resolver: '~~/server/roles-typo' } } }))
      .rejects.toThrow(/no roles resolver at '~~\/server\/roles-typo'/)
  })

  it.each([
    [{ '/api/admin/**': { rbac: { role: 'admin' }, headers: { 'cache-control': 'public, max-age=600' } } }, /the same rule sets the header cache-control: public, max-age=600, which lets a shared cache \(a CDN\) keep one user's guarded response/],
    [{ '/api/**': { headers: { 'Cache-Control': 's-maxage=60' } }, '/api/admin/**': { rbac: { role: 'admin' } } }, /routeRules\['\/api\/\*\*'\] sets the header Cache-Control: s-maxage=60/],
    [{ '/api/admin/**': { rbac: { role: 'admin' }, headers: { 'CDN-Cache-Control': 'max-age=60' } } }, /sets the header CDN-Cache-Control/],
    [{ '/api/admin/**': { rbac: { role: 'admin' }, headers: { expires: 'Thu, 01 Dec 2099 16:00:00 GMT' } } }, /sets the header expires/],
  ])('rbac where a rule\'s headers make guarded answers shared-cacheable: %j', async (routeRules, message) => {
    await expect(loadWith({ ...roles, routeRules })).rejects.toThrow(message)
  })

  it('headers that keep guarded answers private are fine', async () => {
    await expect(loadWith({ ...roles, routeRules: { '/api/admin/**': { rbac: { role: 'admin' }, headers: { 'cache-control': 'private, max-age=60', 'x-frame-options': 'DENY' } }, '/blog/**': { headers: { 'cache-control': 'public, max-age=600' } } } })).resolves.toBeUndefined()
  })

  it('a guarded page that renders a server component no rule covers (its island answers anyone)', async () => {
    const nuxt = await loadNuxt({ cwd: fixturePath('open-island'), dev: false })
    try {
      await expect(buildNuxt(nuxt)).rejects.toThrow(/app\/pages\/payroll\.vue is guarded but renders the server component <SalaryRows>, whose own request \/__nuxt_island\/SalaryRows_<hash>\.json runs no page guard.*Add routeRules: \{ '\/__nuxt_island\/SalaryRows'/)
    }
    finally {
      await nuxt.close()
    }
  })

  it('rbac: false while route rules ask for guards: Nuxt would skip the module and serve the paths to anyone', async () => {
    await expect(loadWith({ rbac: false, routeRules: { '/api/admin/**': { rbac: { role: 'admin' } } } }))
      .rejects.toThrow(/rbac: false turns the module off, but routeRules '\/api\/admin\/\*\*' ask it to guard paths/)
  })

  it('a rule over a file in public/', async () => {
    await expect(loadWith({ ...roles, routeRules: { '/docs/**': { rbac: { role: 'admin' } } } }))
      .rejects.toThrow(/routeRules\['\/docs\/\*\*'\]\.rbac covers \/docs\/handbook\.txt, a file in public\/ that Nitro serves before any middleware/)
  })
})

it('a valid configuration loads', async () => {
  await expect(loadWith({ rbac: { roles: ['admin', 'viewer'], inherits: { admin: ['viewer'] } } })).resolves.toBeUndefined()
  // Broad rules next to nuxt-auth, app routes under its base path, cached routes no rule covers.
  await expect(loadWith({ rbac: { roles: ['admin'] }, routeRules: {
    '/api/**': { rbac: { role: 'admin' } },
    '/api/auth/app-info': { rbac: { role: 'admin' } },
    '/blog/**': { swr: 60 },
    '/old/**': { redirect: '/new' },
  } })).resolves.toBeUndefined()
})

describe('fresh roles on a preset without a writable disk', () => {
  const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
  // What `nuxi build` prints up to Nitro's start (where presets are resolved and the store chosen),
  // in a process of its own: the terminal a user reads, not this process's logger.
  const loadPrinting = (overrides: Record<string, unknown>) => runCommand(process.execPath, ['--input-type=module', '-e', `
    import { loadNuxt } from '@nuxt/kit'
    const nuxt = await loadNuxt({ cwd: ${JSON.stringify(fixturePath('bare'))}, dev: false, overrides: JSON.parse(process.argv[1]) })
    await nuxt.close()
  `, JSON.stringify(overrides)], { cwd: repoRoot })
  // Fresh roles: the app has a roles resolver.
  const fresh = { roles: ['admin'], freshness: { resolver: join(fixturePath('fresh'), 'server/rbac-roles.ts') } }

  it.each(['vercel', 'cloudflare-module'])('%s, no rbac storage: the build says what to mount', async (preset) => {
    const { code, stdout, stderr } = await loadPrinting({ rbac: fresh, nitro: { preset } })
    expect(code, stderr).toBe(0)
    expect(stdout + stderr).toMatch(new RegExp(`\\[nuxt-auth-rbac\\].*Fresh roles on the '${preset}' preset: with no nitro\\.storage\\.rbac mount, revocations are kept in each server instance's memory only.*Mount nitro\\.storage\\.rbac on a shared store`))
  })

  it('the same app with nitro.storage.rbac mounted: no warning', async () => {
    const { code, stdout, stderr } = await loadPrinting({ rbac: fresh, nitro: { preset: 'vercel', storage: { rbac: { driver: 'redis', url: 'redis://127.0.0.1:6379' } } } })
    expect(code, stderr).toBe(0)
    // Same loader, same app as the cases above, which do print the warning: only the mount differs.
    expect(stdout + stderr).not.toMatch(/Fresh roles on|nitro\.storage\.rbac/)
  })
})
