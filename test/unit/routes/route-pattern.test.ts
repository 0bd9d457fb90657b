import { describe, expect, it } from 'vitest'
import { matchesPattern, ONE, parsePattern, patternCovers, patternsOverlap, REST } from '../../../src/runtime/shared/routes/route-pattern'

const segments = (path: string) => path.toLowerCase().split('/').filter(Boolean)

describe('parsePattern', () => {
  it('compiles literals (lower-cased), one-segment and rest wildcards', () => {
    expect(parsePattern('/API/Admin//**/')).toEqual(['api', 'admin', REST])
    expect(parsePattern('/api/users/:id/secrets')).toEqual(['api', 'users', ONE, 'secrets'])
    expect(parsePattern('/api/*/x')).toEqual(['api', ONE, 'x'])
    expect(parsePattern('/files/**:path')).toEqual(['files', REST])
    expect(parsePattern('/')).toEqual([])
  })
})

describe('matchesPattern', () => {
  it('** covers the folder itself and everything below it', () => {
    expect(matchesPattern(segments('/api/admin'), parsePattern('/api/admin/**'))).toBe(true)
    expect(matchesPattern(segments('/api/admin/users/1'), parsePattern('/api/admin/**'))).toBe(true)
    expect(matchesPattern(segments('/api/administrator'), parsePattern('/api/admin/**'))).toBe(false)
    expect(matchesPattern(segments('/api'), parsePattern('/api/admin/**'))).toBe(false)
  })

  it('* and :param cover exactly one segment, empty included', () => {
    expect(matchesPattern(segments('/api/posts/7'), parsePattern('/api/posts/*'))).toBe(true)
    expect(matchesPattern(segments('/api/posts/7/edit'), parsePattern('/api/posts/*'))).toBe(false)
    expect(matchesPattern(['api', 'users', '', 'secrets'], parsePattern('/api/users/:id/secrets'))).toBe(true)
    expect(matchesPattern(segments('/api/report/x'), parsePattern('/api/report'))).toBe(false)
  })
})

describe('pattern relations', () => {
  it('overlap: some path is under both', () => {
    expect(patternsOverlap(parsePattern('/api/**'), parsePattern('/api/admin/x'))).toBe(true)
    expect(patternsOverlap(parsePattern('/api/*/secrets'), parsePattern('/api/users/:id'))).toBe(true)
    expect(patternsOverlap(parsePattern('/api/admin/**'), parsePattern('/api/public/**'))).toBe(false)
    expect(patternsOverlap(parsePattern('/api/a'), parsePattern('/api/a/b'))).toBe(false)
  })

  it('covers: every path under the inner one is under the outer one', () => {
    expect(patternCovers(parsePattern('/api/auth/**'), parsePattern('/api/auth/session'))).toBe(true)
    expect(patternCovers(parsePattern('/api/auth/**'), parsePattern('/api/**'))).toBe(false)
    expect(patternCovers(parsePattern('/api/*/x'), parsePattern('/api/a/x'))).toBe(true)
    expect(patternCovers(parsePattern('/api/a/x'), parsePattern('/api/*/x'))).toBe(false)
  })
})
