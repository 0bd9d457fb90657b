import { describe, expect, it } from 'vitest'
import { decode, encode } from 'next-auth/jwt'
import { decodeSessionToken, encodeSessionToken } from '../../../src/runtime/server/identity/authjs-codec'
import { sessionCookieValue } from '../../../src/runtime/server/identity/cookie-value'

const secret = 'unit-secret-0123456789'
const claims = { name: 'Ada', sub: '1', role: 'admin', roles: ['admin'], uid: '1' }
const now = () => Math.floor(Date.now() / 1000)

describe('session codec: interchangeable with next-auth 4.21', () => {
  it('decodes what next-auth encodes', async () => {
    const token = await encode({ token: claims, secret })
    expect(await decodeSessionToken(token, secret)).toMatchObject(claims)
  })

  it('encodes what next-auth decodes, with the same claims', async () => {
    const token = await encodeSessionToken(claims, secret, 60)
    const decoded = await decode({ token, secret })
    expect(decoded).toMatchObject(claims)
    expect(decoded!.exp).toBeGreaterThanOrEqual(now() + 59)
    expect(typeof decoded!.jti).toBe('string')
    expect(typeof decoded!.iat).toBe('number')
  })

  it('agrees with next-auth on expiry, within the same 15 s clock tolerance', async () => {
    const within = await encode({ token: claims, secret, maxAge: -10 })
    const beyond = await encode({ token: claims, secret, maxAge: -20 })
    await expect(decode({ token: within, secret })).resolves.toMatchObject(claims)
    await expect(decodeSessionToken(within, secret)).resolves.toMatchObject(claims)
    await expect(decode({ token: beyond, secret })).rejects.toThrow()
    await expect(decodeSessionToken(beyond, secret)).rejects.toThrow()
  })

  it('refuses another secret, a tampered token and junk, like next-auth', async () => {
    const token = await encode({ token: claims, secret })
    const tampered = `${token.slice(0, -6)}${token.slice(-6) === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA'}`
    for (const [candidate, key] of [[token, 'another-secret'], [tampered, secret], ['junk', secret], ['a.b.c.d.e', secret]] as const) {
      await expect(decode({ token: candidate, secret: key })).rejects.toThrow()
      await expect(decodeSessionToken(candidate, key)).rejects.toThrow()
    }
  })
})

describe('sessionCookieValue', () => {
  const name = 'next-auth.session-token'

  it('reads the cookie among others', () => {
    expect(sessionCookieValue(`a=1; ${name}=abc; b=2`, name)).toBe('abc')
    expect(sessionCookieValue('a=1', name)).toBeUndefined()
    expect(sessionCookieValue(undefined, name)).toBeUndefined()
  })

  it('joins numbered chunks in the order sent, and ignores look-alike names', () => {
    expect(sessionCookieValue(`${name}.0=ab; other=x; ${name}.1=cd`, name)).toBe('abcd')
    expect(sessionCookieValue(`${name}x=evil; ${name}.a=evil; __Secure-${name}=evil`, name)).toBeUndefined()
  })
})

describe('session codec: only next-auth\'s algorithms', () => {
  it('refuses any other key management or content encryption before key work', async () => {
    const { CompactEncrypt } = await import('jose')
    const payload = new TextEncoder().encode(JSON.stringify({ sub: '1', exp: now() + 60 }))
    const pbes2 = await new CompactEncrypt(payload).setProtectedHeader({ alg: 'PBES2-HS256+A128KW', enc: 'A256GCM', p2c: 10_000 }).encrypt(new TextEncoder().encode(secret))
    await expect(decodeSessionToken(pbes2, secret)).rejects.toMatchObject({ code: 'ERR_JOSE_ALG_NOT_ALLOWED' })
    const otherEnc = await new CompactEncrypt(payload).setProtectedHeader({ alg: 'dir', enc: 'A128GCM' }).encrypt(new Uint8Array(16))
    await expect(decodeSessionToken(otherEnc, secret)).rejects.toMatchObject({ code: 'ERR_JOSE_ALG_NOT_ALLOWED' })
  })
})
