import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { MAX_UID_LENGTH, userKeys } from '../../../src/runtime/shared/freshness/store-keys'

describe('userKeys', () => {
  it('names three keys per user under their own prefixes', () => {
    expect(userKeys('42')).toEqual({ sessions: 'sessions:NDI', rolesVersion: 'roles-version:NDI', roles: 'roles:NDI' })
  })

  it('refuses an empty or overlong id', () => {
    expect(userKeys('')).toBeUndefined()
    expect(userKeys('x'.repeat(MAX_UID_LENGTH + 1))).toBeUndefined()
    expect(userKeys('x'.repeat(MAX_UID_LENGTH))).toBeDefined()
  })

  it('gives different users different keys, made only of characters unstorage keeps as they are', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 40, unit: 'binary' }), fc.string({ minLength: 1, maxLength: 40, unit: 'binary' }), (a, b) => {
      const keysA = userKeys(a)!
      const keysB = userKeys(b)!
      for (const key of Object.values(keysA)) {
        expect(key).toMatch(/^[a-z-]+:[\w-]+$/)
      }
      if (a !== b) {
        expect(keysA.sessions).not.toBe(keysB.sessions)
      }
    }))
  })

  it('never lets two ids share keys, unpaired surrogates included: an ill-formed id has none', () => {
    // UTF-8 cannot carry an unpaired surrogate (it becomes U+FFFD): 'a\uD800' and 'a\uDC00' would collide.
    expect(userKeys('a\uD800')).toBeUndefined()
    expect(userKeys('a\uDC00b')).toBeUndefined()
    expect(userKeys('a\uD83D\uDE00')).toBeDefined()
    const surrogate = fc.integer({ min: 0xD800, max: 0xDFFF }).map(code => String.fromCharCode(code))
    const id = fc.array(fc.oneof(fc.string({ maxLength: 3, unit: 'binary' }), surrogate), { minLength: 1, maxLength: 6 }).map(parts => parts.join(''))
    fc.assert(fc.property(id, id, (a, b) => {
      const keysA = userKeys(a)
      const keysB = userKeys(b)
      if (a !== b && keysA && keysB) {
        expect(keysA.sessions).not.toBe(keysB.sessions)
        expect(keysA.roles).not.toBe(keysB.roles)
      }
      expect(keysA === undefined).toBe(a === '' || !a.isWellFormed() || a.length > MAX_UID_LENGTH)
    }), { numRuns: 2000 })
  })

  it('keeps separators and traversal in an id from reaching another key', () => {
    expect(userKeys('1:roles')!.sessions).not.toContain('roles')
    expect(userKeys('../sessions/1')!.roles).toMatch(/^roles:[\w-]+$/)
  })
})
