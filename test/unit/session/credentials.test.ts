import { describe, expect, it } from 'vitest'
import { credentialsIn, withoutCredentials } from '../../../src/runtime/shared/session/credentials'

const account = { provider: 'github', type: 'oauth', providerAccountId: '42', access_token: 'gho_ACCESS_0123456789', refresh_token: 'ghr_REFRESH_0123456789', id_token: 'eyJ.ID_TOKEN.sig', token_type: 'bearer', expires_at: 1 }
const token = { name: 'Ada', sub: '1', uid: '1', role: 'admin', accessToken: 'at-SECRET-0123456789', account }
const secrets = ['gho_ACCESS_0123456789', 'ghr_REFRESH_0123456789', 'eyJ.ID_TOKEN.sig', 'at-SECRET-0123456789']

function assertNoSecret(session: unknown) {
  const text = JSON.stringify(session)
  for (const secret of secrets) {
    expect(text).not.toContain(secret)
  }
}

describe('credentialsIn', () => {
  it('finds every credential of the token, nested account included', () => {
    expect([...credentialsIn(token)].sort()).toEqual([...secrets].sort())
  })
})

describe('withoutCredentials', () => {
  const base = { user: { name: 'Ada', email: 'ada@example.com' }, expires: '2030-01-01T00:00:00.000Z', role: 'admin' }

  it.each([
    ['a copy of the token', { ...base, token }],
    ['the OAuth account', { ...base, account }],
    ['a bearer header', { ...base, authorization: `Bearer ${token.accessToken}` }],
    ['an innocuous key', { ...base, gh: account.refresh_token, list: ['x', account.id_token] }],
    ['a deep copy', { ...base, a: { b: { c: { d: { e: { f: { g: { h: { i: { j: { k: { account } } } } } } } } } } } }],
    ['a sentence', { ...base, note: `use ${account.access_token} for the API` }],
  ])('removes credentials from %s', (_shape, session) => {
    const cleaned = withoutCredentials(session, token)
    assertNoSecret(cleaned)
    expect(cleaned).toMatchObject(base)
  })

  it('survives a cycle in the session', () => {
    const session: Record<string, unknown> = { ...base, accessToken: token.accessToken }
    session.self = session
    const cleaned = withoutCredentials(session, token)
    expect(cleaned.accessToken).toBeUndefined()
    expect((cleaned.self as Record<string, unknown>).user).toEqual(base.user)
  })

  it('keeps what is not a credential, and does not touch the input', () => {
    const session = { ...base, uid: '1', roles: ['admin'], tokenType: 'bearer' }
    expect(withoutCredentials(session, token)).toEqual(session)
    const leaky = { ...base, accessToken: 'x' }
    withoutCredentials(leaky, token)
    expect(leaky.accessToken).toBe('x')
  })
})
