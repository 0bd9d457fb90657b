import { describe, expect, it } from 'vitest'
import { createVerifiedTokens } from '../../../src/runtime/server/identity/verified-tokens'

const inSeconds = (seconds: number) => Math.floor(Date.now() / 1000) + seconds

describe('verified tokens', () => {
  it('answers only for the exact token it kept', () => {
    const tokens = createVerifiedTokens(0)
    tokens.keep('a.b.c', { sub: '1', exp: inSeconds(60) })
    expect(tokens.get('a.b.c')).toEqual({ sub: '1', exp: expect.any(Number) })
    expect(tokens.get('a.b.c ')).toBeUndefined()
    expect(tokens.get('a.b.C')).toBeUndefined()
    expect(tokens.get('a.b')).toBeUndefined()
  })

  it('never answers for an expired token, and does not keep one without an end', () => {
    const tokens = createVerifiedTokens(0)
    tokens.keep('old', { exp: inSeconds(-1) })
    tokens.keep('endless', { sub: '1' })
    expect(tokens.get('old')).toBeUndefined()
    expect(tokens.get('endless')).toBeUndefined()
  })

  it('hands out frozen claims: one request cannot change what another reads', () => {
    const tokens = createVerifiedTokens(0)
    const kept = tokens.keep('t', { exp: inSeconds(60), roles: ['viewer'], nested: { a: 1 } })
    expect(() => (kept.roles as string[]).push('admin')).toThrow()
    expect(() => Object.assign(kept, { sub: 'other' })).toThrow()
    expect(tokens.get('t')!.roles).toEqual(['viewer'])
  })

  it('stays bounded, the oldest going first', () => {
    const tokens = createVerifiedTokens(0, 2)
    for (const name of ['a', 'b', 'c']) {
      tokens.keep(name, { exp: inSeconds(60) })
    }
    expect(tokens.get('a')).toBeUndefined()
    expect(tokens.get('b')).toBeDefined()
    expect(tokens.get('c')).toBeDefined()
  })
})
