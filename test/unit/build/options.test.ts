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

  it('accepts freshness settings and rejects ones that are not positive whole numbers', () => {
    expect(check({ freshness: { maxAge: 60, sessionMaxAge: 86_400, timeout: 500, resolver: '~~/server/roles' } })).not.toThrow()
    expect(check({ freshness: { maxAge: 0 } })).toThrow(/rbac\.freshness\.maxAge must be a positive whole number/)
    expect(check({ freshness: { maxAge: 1.5 } })).toThrow(/freshness\.maxAge/)
    expect(check({ freshness: { timeout: '2000' as unknown as number } })).toThrow(/freshness\.timeout.*got "2000"/)
    expect(check({ freshness: { maxAg: 60 } as never })).toThrow(/freshness\.maxAg must be one of maxAge/)
    expect(check({ freshness: { resolver: 42 as unknown as string } })).toThrow(/freshness\.resolver/)
  })

  it('rejects roles that would outlive the session', () => {
    expect(check({ freshness: { maxAge: 3600, sessionMaxAge: 600 } })).toThrow(/maxAge \(3600 s\) is longer than sessionMaxAge \(600 s\).*lower maxAge/)
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
