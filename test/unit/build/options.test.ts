import { describe, expect, it } from 'vitest'
import { REST } from '../../../src/runtime/shared/routes/route-pattern'
import { validateOptions } from '../../../src/build/options'
import type { ModuleOptions } from '../../../src/build/options'
import { extractRouteRules, withoutRbacRules } from '../../../src/build/route-rules'

const valid: ModuleOptions = {
  roles: ['admin', 'editor', 'viewer'],
  inherits: { admin: ['editor'], editor: ['viewer'] },
  sessionRolePath: 'role',
  redirect: {},
}

const check = (overrides: Partial<ModuleOptions>) => () => validateOptions({ ...valid, ...overrides })

describe('validateOptions', () => {
  it('accepts a valid configuration', () => {
    expect(check({})).not.toThrow()
    expect(check({ sessionRolePath: 'user.role' })).not.toThrow()
  })

  it('rejects empty or malformed roles, naming the option', () => {
    expect(check({ roles: [] })).toThrow(/\[nuxt-auth-rbac\] rbac\.roles is empty/)
    expect(check({ roles: ['admin', 'admin'] })).toThrow(/lists 'admin' twice/)
    expect(check({ roles: ['admin', ''] })).toThrow(/rbac\.roles contains ""/)
    expect(check({ roles: ['super user'] })).toThrow(/without spaces/)
    expect(check({ roles: ['__proto__'] })).toThrow(/__proto__/)
  })

  it('rejects unknown names and cycles in inherits with the fix', () => {
    expect(check({ inherits: { admin: ['editr'] } })).toThrow(/rbac\.inherits\.admin names 'editr', which is not in rbac\.roles \(admin, editor, viewer\)\. Fix the spelling/)
    expect(check({ inherits: { admin: ['editor'], editor: ['admin'] } })).toThrow(/cycle: admin → editor → admin.*remove one of these links/)
  })

  it('rejects a session path that is not a plain property path', () => {
    expect(check({ sessionRolePath: '__proto__.role' })).toThrow(/sessionRolePath/)
    expect(check({ sessionRolePath: 'user..role' })).toThrow(/sessionRolePath/)
    expect(check({ sessionRolePath: 'roles' })).toThrow(/sessionRolePath/)
  })
})

describe('extractRouteRules', () => {
  it('keeps only rules with rbac, normalised', () => {
    expect(extractRouteRules({ '/api/admin/**': { rbac: { role: 'admin' } }, '/blog/**': {} }, valid.roles))
      .toEqual([{ pattern: '/api/admin/**', segments: ['api', 'admin', REST], rbac: { role: ['admin'] } }])
  })

  it('fails the build on a misspelt or missing role', () => {
    expect(() => extractRouteRules({ '/api/admin/**': { rbac: { role: 'admn' } } }, valid.roles))
      .toThrow(/routeRules\['\/api\/admin\/\*\*'\]\.rbac\.role names "admn", which is not in rbac\.roles/)
    expect(() => extractRouteRules({ '/x': { rbac: { role: [] } } }, valid.roles)).toThrow(/\.role must name a role or a non-empty list of roles/)
    expect(() => extractRouteRules({ '/x': { rbac: true } }, valid.roles)).toThrow(/must be an object/)
  })
})

describe('withoutRbacRules', () => {
  it('leaves Nitro only the rules it acts on', () => {
    expect(withoutRbacRules({
      '/api/admin/**': { rbac: { role: 'admin' } },
      '/api/reports/**': { rbac: { role: 'admin' }, headers: { 'x-a': '1' } },
      '/blog/**': { swr: 60 },
    })).toEqual({ '/api/reports/**': { headers: { 'x-a': '1' } }, '/blog/**': { swr: 60 } })
  })
})
