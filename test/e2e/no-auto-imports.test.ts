import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { request, signIn } from './helpers/auth'
import { BUILD_LOG, builtApps } from './helpers/apps'
import { setupBuiltApp } from './helpers/app'

// imports.autoImport: false, as in sidebase's own repository: the utils come from '#rbac-server'.
await setupBuiltApp(builtApps.noAutoImports)

describe('an app with auto-imports off', () => {
  it('signs in and guards with the utils imported from #rbac-server', async () => {
    const ada = await signIn('ada', 'pw')
    const vera = await signIn('vera', 'pw')
    expect(await (await request('/api/admin', ada)).json()).toEqual({ uid: '1', roles: ['admin'] })
    expect((await request('/api/admin', vera)).status).toBe(403)
    expect((await request('/api/admin')).status).toBe(401)
    expect((await request('/api/ruled/stats', vera)).status).toBe(403)
    expect((await request('/api/ruled/stats', ada)).status).toBe(200)
  })

  it('was warned at build about the file that calls a util without importing it, with the fix', () => {
    const log = readFileSync(join(builtApps.noAutoImports, BUILD_LOG), 'utf8')
    expect(log).toContain('[nuxt-auth-rbac] Auto-imports are off')
    expect(log).toMatch(/server\/api\/forgot\.get\.ts: getRbac\n/)
    expect(log).toContain('import { getRbac } from \'#rbac-server\'')
    expect(log).not.toContain('admin.get.ts')
    expect(log).not.toContain('[...].ts')
  })

  it('was warned that a guard in a layout\'s page meta guards nothing', () => {
    const log = readFileSync(join(builtApps.noAutoImports, BUILD_LOG), 'utf8')
    expect(log).toContain('[nuxt-auth-rbac] app/layouts/guarded-area.vue sets a guard in definePageMeta, which Nuxt ignores in layouts')
  })

  it('and that file fails as the warning said', async () => {
    expect((await request('/api/forgot', await signIn('ada', 'pw'))).status).toBe(500)
  })
})
