import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { reapplyOwnedKeys } from '../../../src/runtime/shared/session/owned-keys'
import { isSessionClaims } from '../../../src/runtime/shared/session/session-claims'

const knownRoles = new Set(['admin', 'editor', 'viewer'])
const given = { sub: '3', uid: '3', name: 'Vera', role: 'viewer', roles: ['viewer'], rbacFreshness: { rolesAt: 100, rolesVersion: 'r1', sessionVersion: 's1' } }
const OWNED = ['role', 'roles', 'uid', 'id', 'sub', 'rbacFreshness'] as const

type Data = Record<string, unknown>
type AppJwt = (token: Data, update: unknown) => unknown

// How apps' jwt callbacks use a client's update data (next-auth guides and real apps).
const appShapes: Array<[string, AppJwt]> = [
  ['spread', (token, update) => ({ ...token, ...(update as Data) })],
  ['spread user', (token, update) => ({ ...token, ...((update as Data | null)?.user as Data | undefined) })],
  ['spread both', (token, update) => ({ ...token, ...(update as Data), ...((update as Data | null)?.user as Data | undefined) })],
  ['assign', (token, update) => Object.assign(token, update)],
  ['field by field', (token, update) => {
    const data = (update ?? {}) as Data
    for (const key of OWNED) {
      if (key in data) {
        token[key] = data[key]
      }
    }
    return token
  }],
  ['the update as the token', (_token, update) => update],
]

const ownedValue = fc.oneof(fc.constantFrom('admin', 'editor', 'viewer', '1', '__proto__'), fc.array(fc.constantFrom('admin', 'editor')), fc.integer(), fc.constant(null), fc.object())
const updateData = fc.dictionary(fc.oneof(fc.constantFrom(...OWNED, 'user', 'theme'), fc.string()), fc.oneof(ownedValue, fc.dictionary(fc.constantFrom(...OWNED), ownedValue)))

describe('reapplyOwnedKeys', () => {
  it('a client\'s update never changes a key the module reads, whatever the app does with it', () => {
    fc.assert(fc.property(fc.constantFrom(...appShapes), updateData, ([, app], update) => {
      const returned = app(structuredClone(given), update)
      const result = reapplyOwnedKeys(returned, given, { fromClient: true, resolverDecides: false, knownRoles })
      if (result === null || typeof result !== 'object') {
        return
      }
      for (const key of OWNED) {
        expect((result as Data)[key], key).toEqual((given as Data)[key])
      }
    }), { numRuns: 3000 })
  })

  it('honours roles the app changes outside a client update: demotion by role, promotion by roles', () => {
    const admin = { sub: '1', uid: '1', role: 'admin', roles: ['admin'] }
    expect(reapplyOwnedKeys({ ...admin, role: 'viewer' }, admin, { fromClient: false, resolverDecides: false, knownRoles })).toMatchObject({ role: 'viewer', roles: ['viewer'] })
    expect(reapplyOwnedKeys({ ...given, roles: ['editor', 'viewer'] }, given, { fromClient: false, resolverDecides: false, knownRoles })).toMatchObject({ role: 'editor', roles: ['editor', 'viewer'] })
    expect(reapplyOwnedKeys({ ...admin, role: 'root' }, admin, { fromClient: false, resolverDecides: false, knownRoles })).toMatchObject({ roles: [] })
    expect(reapplyOwnedKeys({ ...admin, role: 'root' }, admin, { fromClient: false, resolverDecides: false, knownRoles })).not.toHaveProperty('role')
  })

  it('never lets the app change uid or the stamp, and with a resolver not the roles either', () => {
    const returned = { ...given, uid: '1', rbacFreshness: { rolesAt: 9e9 }, role: 'admin', roles: ['admin'] }
    expect(reapplyOwnedKeys(returned, given, { fromClient: false, resolverDecides: true, knownRoles })).toMatchObject({ uid: '3', rbacFreshness: given.rbacFreshness, role: 'viewer', roles: ['viewer'] })
    expect(reapplyOwnedKeys({ ...returned, role: 'viewer', roles: ['viewer'] }, given, { fromClient: false, resolverDecides: false, knownRoles })).toMatchObject({ uid: '3', rbacFreshness: given.rbacFreshness })
  })

  it('keeps what else the app returns', () => {
    expect(reapplyOwnedKeys({ ...given, theme: 'dark' }, given, { fromClient: true, resolverDecides: false, knownRoles })).toMatchObject({ theme: 'dark' })
  })
})

describe('isSessionClaims', () => {
  it('a session names its user; an OAuth check cookie does not', () => {
    expect(isSessionClaims({ sub: '1', iat: 1, exp: 2, jti: 'j' })).toBe(true)
    expect(isSessionClaims({ uid: 7 })).toBe(true)
    expect(isSessionClaims({ value: 'verifier', iat: 1, exp: 2, jti: 'j' })).toBe(false)
    expect(isSessionClaims({ sub: '', id: '' })).toBe(false)
    expect(isSessionClaims({ sub: { toString: () => '1' } })).toBe(false)
    expect(isSessionClaims({ name: 'Ada', role: 'admin', roles: ['admin'] })).toBe(false)
  })
})
