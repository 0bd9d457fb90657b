import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { claimPath, isClaimPath, readClaim, rolesFromClaim, uidFromClaim } from '../../../src/runtime/shared/identity/claims'

const known = new Set(['admin', 'editor', 'viewer'])
const roles = (claims: unknown, path: string) => rolesFromClaim(claims, claimPath(path), known)
const uid = (claims: unknown, path = 'sub') => uidFromClaim(claims, claimPath(path))

describe('claimPath', () => {
  it('splits a dot path into names', () => {
    expect(claimPath('roles')).toEqual(['roles'])
    expect(claimPath('realm_access.roles')).toEqual(['realm_access', 'roles'])
    expect(claimPath('resource_access.my-app.roles')).toEqual(['resource_access', 'my-app', 'roles'])
  })

  it('reads a JSON pointer, unescaping ~1 to / and ~0 to ~ in that order (RFC 6901)', () => {
    expect(claimPath('/realm_access/roles')).toEqual(['realm_access', 'roles'])
    expect(claimPath('/https:~1~1example.com~1roles')).toEqual(['https://example.com/roles'])
    expect(claimPath('/a~0b')).toEqual(['a~b'])
    // `~01` is `~1` (a tilde, then a one), not a slash.
    expect(claimPath('/a~01')).toEqual(['a~1'])
    // Dots mean nothing in a pointer.
    expect(claimPath('/app.roles')).toEqual(['app.roles'])
  })
})

describe('isClaimPath', () => {
  it('accepts names, dot paths and pointers', () => {
    for (const path of ['roles', 'role', 'scope', 'sub', 'realm_access.roles', '/realm_access/roles', '/https:~1~1example.com~1roles', '/a~0b']) {
      expect(isClaimPath(path), path).toBe(true)
    }
  })

  it('refuses what names nothing: empty, empty segments, a lone slash, not a string', () => {
    for (const path of ['', '/', '.', 'a.', '.a', 'a..b', '//a', '/a/', '/a//b']) {
      expect(isClaimPath(path), JSON.stringify(path)).toBe(false)
    }
    for (const path of [undefined, null, 1, ['roles'], { path: 'roles' }]) {
      expect(isClaimPath(path)).toBe(false)
    }
  })

  it('refuses keys of the prototype chain, in either form and at any depth', () => {
    for (const path of ['__proto__', 'constructor', 'prototype', 'realm_access.__proto__', 'a.constructor.prototype', '/__proto__', '/a/constructor', '/prototype']) {
      expect(isClaimPath(path), path).toBe(false)
    }
  })

  it('refuses a pointer with a tilde that is not an escape', () => {
    for (const path of ['/a~', '/a~2b', '/~', '/realm_access~roles']) {
      expect(isClaimPath(path), path).toBe(false)
    }
    // In a dot path a tilde is just a character.
    expect(isClaimPath('a~b')).toBe(true)
  })
})

describe('readClaim', () => {
  it('follows own properties only', () => {
    expect(readClaim({ a: { b: 1 } }, ['a', 'b'])).toBe(1)
    expect(readClaim({ a: {} }, ['a', 'toString'])).toBeUndefined()
    expect(readClaim({}, ['hasOwnProperty'])).toBeUndefined()
    expect(readClaim(Object.create({ roles: ['admin'] }), ['roles'])).toBeUndefined()
  })

  it('does not step into arrays, strings or null', () => {
    expect(readClaim({ roles: ['admin'] }, ['roles', '0'])).toBeUndefined()
    expect(readClaim({ role: 'admin' }, ['role', 'length'])).toBeUndefined()
    expect(readClaim({ a: null }, ['a', 'b'])).toBeUndefined()
    expect(readClaim(null, ['a'])).toBeUndefined()
  })

  it('reads a key named __proto__ that JSON made an own property, and nothing from the prototype', () => {
    const claims = JSON.parse('{"__proto__":{"roles":["admin"]}}') as Record<string, unknown>
    expect(readClaim(claims, ['roles'])).toBeUndefined()
  })
})

describe('rolesFromClaim', () => {
  it('an array of roles, a single role, or an OAuth scope string', () => {
    expect(roles({ roles: ['editor', 'viewer'] }, 'roles')).toEqual(['editor', 'viewer'])
    expect(roles({ role: 'admin' }, 'role')).toEqual(['admin'])
    expect(roles({ scope: 'openid viewer profile editor' }, 'scope')).toEqual(['viewer', 'editor'])
    expect(roles({ scope: '  viewer\teditor\n' }, 'scope')).toEqual(['viewer', 'editor'])
    expect(roles({ realm_access: { roles: ['offline_access', 'admin'] } }, 'realm_access.roles')).toEqual(['admin'])
    expect(roles({ 'https://example.com/roles': ['editor'] }, '/https:~1~1example.com~1roles')).toEqual(['editor'])
  })

  it('keeps configured roles only, exactly, once each', () => {
    expect(roles({ roles: ['Admin', 'admin ', ' admin', 'superuser', 'editor', 'editor'] }, 'roles')).toEqual(['editor'])
    expect(roles({ role: 'admin,editor' }, 'role')).toEqual([])
    expect(roles({ roles: ['__proto__', 'constructor', 'toString'] }, 'roles')).toEqual([])
  })

  it('grants nothing for anything else', () => {
    for (const value of [undefined, null, 1, true, { admin: true }, [['admin']], [{ role: 'admin' }], '']) {
      expect(roles({ roles: value }, 'roles'), JSON.stringify(value)).toEqual([])
    }
    expect(roles({}, 'realm_access.roles')).toEqual([])
    expect(roles({ realm_access: ['admin'] }, 'realm_access.roles')).toEqual([])
  })

  it('never returns a role outside the configured list (property)', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.constantFrom('roles', 'scope', 'a.b', '/a/b'), (value, path) => {
      const claims = path === 'a.b' || path === '/a/b' ? { a: { b: value } } : { [path]: value }
      const found = roles(claims, path)
      expect(found.every(role => known.has(role))).toBe(true)
      expect(new Set(found).size).toBe(found.length)
    }))
  })
})

describe('uidFromClaim', () => {
  it('a non-empty string as it is, a finite number as a string', () => {
    expect(uid({ sub: 'u1' })).toBe('u1')
    expect(uid({ sub: 42 })).toBe('42')
    expect(uid({ sub: 0 })).toBe('0')
    expect(uid({ user: { id: 'x' } }, 'user.id')).toBe('x')
    expect(uid({ 'https://example.com/uid': 'y' }, '/https:~1~1example.com~1uid')).toBe('y')
  })

  it('nothing for an empty string, a non-finite number or any other type', () => {
    for (const value of ['', Number.NaN, Number.POSITIVE_INFINITY, null, true, ['u1'], { id: 'u1' }]) {
      expect(uid({ sub: value }), String(value)).toBeUndefined()
    }
    expect(uid({})).toBeUndefined()
    expect(uid(Object.create({ sub: 'u1' }))).toBeUndefined()
  })
})
