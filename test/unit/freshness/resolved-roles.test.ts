import { describe, expect, it } from 'vitest'
import { readResolvedRoles } from '../../../src/runtime/shared/freshness/resolved-roles'

const known = new Set(['admin', 'editor', 'viewer'])

describe('readResolvedRoles', () => {
  it('reads a role or a list, dropping roles the app does not know', () => {
    expect(readResolvedRoles('editor', known)).toEqual({ gone: false, roles: ['editor'] })
    expect(readResolvedRoles(['viewer', 'root', 'ADMIN', 'viewer'], known)).toEqual({ gone: false, roles: ['viewer'] })
    expect(readResolvedRoles([], known)).toEqual({ gone: false, roles: [] })
  })

  it('reads null as a user who is gone', () => {
    expect(readResolvedRoles(null, known)).toEqual({ gone: true })
  })

  it.each([
    ['undefined', undefined, /forget to return/],
    ['an object', { role: 'admin' }, /type object/],
    ['a number', 1, /type number/],
    ['a mixed list', ['admin', 1], /non-string/],
    ['a boolean', true, /type boolean/],
  ])('refuses %s as a fault, never as "no roles"', (_label, value, message) => {
    expect(() => readResolvedRoles(value, known)).toThrow(message)
  })
})
