import { describe, expect, it } from 'vitest'
import { canonicalPath } from '../../src/runtime/shared/path'
import { canonicalPattern, matchesRoutePattern, rulesForPath } from '../../src/runtime/shared/route-rules'

describe('canonicalPath', () => {
  it.each([
    ['/api/admin/users', '/api/admin/users'],
    ['/API/Admin/Users', '/api/admin/users'],
    ['//api///admin//users', '/api/admin/users'],
    ['/api/admin/users/', '/api/admin/users'],
    ['/api/%61dmin/users', '/api/admin/users'],
    ['/api/%2561dmin/users', '/api/admin/users'],
    ['/api%2fadmin%2Fusers', '/api/admin/users'],
    ['/api/public/../admin/users', '/api/admin/users'],
    ['/api/public/%2e%2e/admin/users', '/api/admin/users'],
    ['/api/./admin/./users', '/api/admin/users'],
    ['/api\\admin\\users', '/api/admin/users'],
    ['/api/admin/users?x=/public', '/api/admin/users'],
    ['/../../api/admin', '/api/admin'],
    ['/', '/'],
  ])('%s → %s', (raw, expected) => {
    expect(canonicalPath(raw)).toBe(expected)
  })

  it('refuses what cannot be decoded', () => {
    expect(canonicalPath('/api/%E0%A4%A/admin')).toBeUndefined()
    expect(canonicalPath('/api/%zz')).toBeUndefined()
  })
})

describe('route patterns', () => {
  it('matches ** with and without a rest', () => {
    expect(matchesRoutePattern('/api/admin', '/api/admin/**')).toBe(true)
    expect(matchesRoutePattern('/api/admin/users/1', '/api/admin/**')).toBe(true)
    expect(matchesRoutePattern('/api/administrator', '/api/admin/**')).toBe(false)
    expect(matchesRoutePattern('/api', '/api/admin/**')).toBe(false)
  })

  it('matches * and :param as one segment, and exact paths exactly', () => {
    expect(matchesRoutePattern('/api/posts/7', '/api/posts/*')).toBe(true)
    expect(matchesRoutePattern('/api/posts/7/edit', '/api/posts/*')).toBe(false)
    expect(matchesRoutePattern('/api/posts/7', '/api/posts/:id')).toBe(true)
    expect(matchesRoutePattern('/api/report', '/api/report')).toBe(true)
    expect(matchesRoutePattern('/api/report/x', '/api/report')).toBe(false)
  })

  it('ignores the case of the pattern once canonicalised', () => {
    expect(canonicalPattern('/API/Admin//**/')).toBe('/api/admin/**')
    expect(matchesRoutePattern('/api/admin/x', canonicalPattern('/API/Admin/**'))).toBe(true)
  })

  it('returns every rule that covers the path', () => {
    const rules = ['/api/**', '/API/admin/**', '/other/**']
      .map(pattern => ({ pattern, canonicalPattern: canonicalPattern(pattern), rbac: { role: 'admin' } }))
    expect(rulesForPath('/api/admin/users', rules).map(rule => rule.pattern)).toEqual(['/api/**', '/API/admin/**'])
  })
})
