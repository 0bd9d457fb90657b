import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { CLOCK_TOLERANCE_SECONDS, STAMP_KEY, isWithinAge, liveVersion, nowInSeconds, outlivedUnverified, readStamp, usableCachedRoles, versionHolds } from '../../../src/runtime/shared/freshness/staleness'

const NOW = 1_800_000_000
const MAX_AGE = 300

describe('isWithinAge', () => {
  it('counts roles resolved less than maxAge ago', () => {
    expect(isWithinAge(NOW, NOW, MAX_AGE)).toBe(true)
    expect(isWithinAge(NOW - MAX_AGE + 1, NOW, MAX_AGE)).toBe(true)
  })

  it('refuses roles exactly maxAge old or older', () => {
    expect(isWithinAge(NOW - MAX_AGE, NOW, MAX_AGE)).toBe(false)
    expect(isWithinAge(0, NOW, MAX_AGE)).toBe(false)
  })

  it('accepts a stamp from a clock up to the tolerance ahead, and not beyond', () => {
    expect(isWithinAge(NOW + CLOCK_TOLERANCE_SECONDS, NOW, MAX_AGE)).toBe(true)
    expect(isWithinAge(NOW + CLOCK_TOLERANCE_SECONDS + 1, NOW, MAX_AGE)).toBe(false)
    expect(isWithinAge(Number.MAX_SAFE_INTEGER, NOW, MAX_AGE)).toBe(false)
  })

  it('never accepts anything older than maxAge, whatever the numbers', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 * NOW }), fc.integer({ min: 1, max: 10 ** 7 }), (resolvedAt, maxAge) => {
      if (isWithinAge(resolvedAt, NOW, maxAge)) {
        expect(NOW - resolvedAt).toBeLessThan(maxAge)
        expect(resolvedAt - NOW).toBeLessThanOrEqual(CLOCK_TOLERANCE_SECONDS)
      }
    }))
  })
})

describe('nowInSeconds', () => {
  it('floors milliseconds to whole seconds', () => {
    expect(nowInSeconds(1_999)).toBe(1)
    expect(nowInSeconds(2_000)).toBe(2)
  })
})

describe('readStamp', () => {
  it('reads the stamp a token carries', () => {
    expect(readStamp({ [STAMP_KEY]: { rolesAt: NOW, rolesVersion: 'r1', sessionVersion: 's1' } })).toEqual({ rolesAt: NOW, rolesVersion: 'r1', sessionVersion: 's1' })
    expect(readStamp({ [STAMP_KEY]: { rolesAt: NOW } })).toEqual({ rolesAt: NOW })
  })

  it.each([
    ['no stamp', {}],
    ['a string', { [STAMP_KEY]: 'x' }],
    ['rolesAt as a string', { [STAMP_KEY]: { rolesAt: String(NOW) } }],
    ['rolesAt as a fraction', { [STAMP_KEY]: { rolesAt: NOW + 0.5 } }],
    ['rolesAt infinite', { [STAMP_KEY]: { rolesAt: Infinity } }],
    ['an inherited stamp', Object.create({ [STAMP_KEY]: { rolesAt: NOW } }) as Record<string, unknown>],
  ])('has none with %s', (_label, token) => {
    expect(readStamp(token)).toBeUndefined()
  })

  it('reads the expiry of a session refreshed while the store was down', () => {
    expect(readStamp({ [STAMP_KEY]: { rolesAt: 0, unverifiedUntil: NOW } })).toEqual({ rolesAt: 0, unverifiedUntil: NOW })
    expect(readStamp({ [STAMP_KEY]: { rolesAt: 0, unverifiedUntil: String(NOW) } })).toEqual({ rolesAt: 0 })
  })

  it('drops versions that are not strings', () => {
    expect(readStamp({ [STAMP_KEY]: { rolesAt: NOW, rolesVersion: 1, sessionVersion: null } })).toEqual({ rolesAt: NOW })
  })
})

describe('outlivedUnverified', () => {
  it('ends a session refreshed without a revocation check at the expiry it had before', () => {
    expect(outlivedUnverified({ rolesAt: 0, unverifiedUntil: NOW + 1 }, NOW)).toBe(false)
    expect(outlivedUnverified({ rolesAt: 0, unverifiedUntil: NOW }, NOW)).toBe(true)
  })

  it('leaves every other session alone', () => {
    expect(outlivedUnverified({ rolesAt: NOW }, NOW)).toBe(false)
    expect(outlivedUnverified(undefined, NOW)).toBe(false)
  })
})

describe('liveVersion and versionHolds', () => {
  it('reads a marker until it lapses', () => {
    expect(liveVersion({ version: 'v2', until: NOW + 1 }, NOW)).toBe('v2')
    expect(liveVersion({ version: 'v2', until: NOW }, NOW)).toBeUndefined()
  })

  it.each([null, 'v2', { version: 2, until: NOW + 9 }, { version: 'v2' }, { version: 'v2', until: '9999999999' }])('has no version in %j', (stored) => {
    expect(liveVersion(stored, NOW)).toBeUndefined()
  })

  it('holds a stamp taken under the live version, or when there is none', () => {
    expect(versionHolds('v1', 'v1')).toBe(true)
    expect(versionHolds('v1', undefined)).toBe(true)
    expect(versionHolds(undefined, undefined)).toBe(true)
  })

  it('breaks a stamp taken under another version, or before any', () => {
    expect(versionHolds('v1', 'v2')).toBe(false)
    expect(versionHolds(undefined, 'v2')).toBe(false)
  })
})

describe('usableCachedRoles', () => {
  const entry = { roles: ['editor'], rolesVersion: 'v1', resolvedAt: NOW - 10 }

  it('uses young roles resolved under the live version', () => {
    expect(usableCachedRoles(entry, 'v1', NOW, MAX_AGE)).toEqual(entry)
    expect(usableCachedRoles({ roles: null, resolvedAt: NOW }, undefined, NOW, MAX_AGE)).toEqual({ roles: null, resolvedAt: NOW, rolesVersion: undefined })
  })

  it('drops roles resolved under an older version (a change since)', () => {
    expect(usableCachedRoles(entry, 'v2', NOW, MAX_AGE)).toBeUndefined()
  })

  it('drops roles older than maxAge, even where the driver kept them past their TTL', () => {
    expect(usableCachedRoles({ ...entry, resolvedAt: NOW - MAX_AGE }, 'v1', NOW, MAX_AGE)).toBeUndefined()
  })

  it.each([
    ['no entry', null],
    ['roles as a string', { roles: 'admin', resolvedAt: NOW }],
    ['a non-string role', { roles: ['admin', 1], resolvedAt: NOW }],
    ['no time', { roles: ['admin'] }],
  ])('drops %s', (_label, stored) => {
    expect(usableCachedRoles(stored, undefined, NOW, MAX_AGE)).toBeUndefined()
  })
})
