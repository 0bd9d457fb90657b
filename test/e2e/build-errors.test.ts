import { describe, expect, it } from 'vitest'
import { loadNuxt } from '@nuxt/kit'
import { fixturePath } from './helpers/app'

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
})

it('a valid configuration loads', async () => {
  await expect(loadWith({ rbac: { roles: ['admin', 'viewer'], inherits: { admin: ['viewer'] } } })).resolves.toBeUndefined()
})
