import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { reapplyOwnedKeys, withoutOwnedKeys } from '../../../src/runtime/shared/session/owned-keys'
import { effectiveRoles, expandHierarchy } from '../../../src/runtime/shared/roles/hierarchy'
import { isSessionClaims } from '../../../src/runtime/shared/session/session-claims'

const knownRoles = new Set(['admin', 'editor', 'viewer'])
const grants = expandHierarchy(['admin', 'editor', 'viewer'], { admin: ['editor'], editor: ['viewer'] })
const IDENTITY = ['uid', 'id', 'sub', 'rbacFreshness'] as const
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
  it('a client\'s update never changes the user or the stamp, and never grants a role, whatever the app does with it', () => {
    const directoryRole = fc.constantFrom(undefined, 'admin', 'editor', 'viewer', 'root')
    fc.assert(fc.property(fc.constantFrom(...appShapes), updateData, directoryRole, fc.boolean(), ([, app], update, fromDirectory, directoryFirst) => {
      // The app's own write (from its directory) before or after it merges the update, as apps do.
      const callback = (token: Data, data: unknown) => {
        const write = (target: unknown) => {
          if (fromDirectory !== undefined && target && typeof target === 'object') {
            (target as Data).role = fromDirectory
          }
          return target
        }
        return directoryFirst ? app(write(token) as Data, data) : write(app(token, data))
      }
      const returned = callback(structuredClone(given), withoutOwnedKeys(update))
      const result = reapplyOwnedKeys(returned, given, { fromClient: true, resolverDecides: false, knownRoles, grants })
      if (result === null || typeof result !== 'object') {
        return
      }
      for (const key of IDENTITY) {
        expect((result as Data)[key], key).toEqual((given as Data)[key])
      }
      const before = new Set(effectiveRoles(given.roles, grants))
      const after = effectiveRoles((result as Data).roles as string[], grants)
      expect(after.every(role => before.has(role)), `${JSON.stringify(after)} within ${JSON.stringify([...before])}`).toBe(true)
    }), { numRuns: 1500 })
  }, 30_000)

  it('on a client\'s update a demotion by the app stands, a promotion waits', () => {
    const admin = { sub: '1', uid: '1', role: 'admin', roles: ['admin'] }
    expect(reapplyOwnedKeys({ ...admin, role: 'viewer' }, admin, { fromClient: true, resolverDecides: false, knownRoles, grants })).toMatchObject({ role: 'viewer', roles: ['viewer'] })
    expect(reapplyOwnedKeys({ ...given, role: 'admin' }, given, { fromClient: true, resolverDecides: false, knownRoles, grants })).toMatchObject({ roles: [] })
  })

  it('the app\'s callback never sees the module\'s keys in the update data', () => {
    expect(withoutOwnedKeys({ role: 'admin', roles: ['admin'], uid: '1', id: '1', sub: '1', rbacFreshness: {}, theme: 'dark', user: { role: 'admin', name: 'Eve' } }))
      .toEqual({ theme: 'dark', user: { name: 'Eve' } })
    expect(withoutOwnedKeys('admin')).toBe('admin')
  })

  it('honours roles the app changes outside a client update: demotion by role, promotion by roles', () => {
    const admin = { sub: '1', uid: '1', role: 'admin', roles: ['admin'] }
    expect(reapplyOwnedKeys({ ...admin, role: 'viewer' }, admin, { fromClient: false, resolverDecides: false, knownRoles, grants })).toMatchObject({ role: 'viewer', roles: ['viewer'] })
    expect(reapplyOwnedKeys({ ...given, roles: ['editor', 'viewer'] }, given, { fromClient: false, resolverDecides: false, knownRoles, grants })).toMatchObject({ role: 'editor', roles: ['editor', 'viewer'] })
    expect(reapplyOwnedKeys({ ...admin, role: 'root' }, admin, { fromClient: false, resolverDecides: false, knownRoles, grants })).toMatchObject({ roles: [] })
    expect(reapplyOwnedKeys({ ...admin, role: 'root' }, admin, { fromClient: false, resolverDecides: false, knownRoles, grants })).not.toHaveProperty('role')
  })

  it('never lets the app change uid or the stamp, and with a resolver not the roles either', () => {
    const returned = { ...given, uid: '1', rbacFreshness: { rolesAt: 9e9 }, role: 'admin', roles: ['admin'] }
    expect(reapplyOwnedKeys(returned, given, { fromClient: false, resolverDecides: true, knownRoles, grants })).toMatchObject({ uid: '3', rbacFreshness: given.rbacFreshness, role: 'viewer', roles: ['viewer'] })
    expect(reapplyOwnedKeys({ ...returned, role: 'viewer', roles: ['viewer'] }, given, { fromClient: false, resolverDecides: false, knownRoles, grants })).toMatchObject({ uid: '3', rbacFreshness: given.rbacFreshness })
  })

  it('keeps what else the app returns', () => {
    expect(reapplyOwnedKeys({ ...given, theme: 'dark' }, given, { fromClient: true, resolverDecides: false, knownRoles, grants })).toMatchObject({ theme: 'dark' })
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
