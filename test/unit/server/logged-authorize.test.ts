import { describe, expect, it } from 'vitest'
import { AuthHandler } from 'next-auth/core'
import CredentialsProvider from 'next-auth/providers/credentials'
import { rbacLoggedAuthorize } from '../../../src/runtime/server/utils/auth-logger'

const secret = 'unit-secret-0123456789abcdef'
const host = 'http://localhost:3000'

/** A credentials sign-in through next-auth's own core (CSRF token, then the callback), as a browser posts it. */
async function signIn(authorize: Parameters<typeof CredentialsProvider>[0]['authorize'], username: string) {
  const options = { secret, providers: [CredentialsProvider({ credentials: { username: {} }, authorize })] }
  const csrf = await AuthHandler<{ csrfToken: string }>({ req: { host, action: 'csrf', method: 'GET' }, options })
  const csrfCookie = csrf.cookies!.find(cookie => cookie.name.endsWith('csrf-token'))!
  return AuthHandler({
    req: {
      host,
      action: 'callback',
      providerId: 'credentials',
      method: 'POST',
      cookies: { [csrfCookie.name]: csrfCookie.value },
      body: { csrfToken: csrf.body!.csrfToken, username, json: 'true' },
    },
    options,
  })
}

function recorder() {
  const lines: string[] = []
  return { lines, sink: { error: (line: string) => lines.push(line), warn: (line: string) => lines.push(line) } }
}

describe('rbacLoggedAuthorize', () => {
  it('logs an exception in authorize() that next-auth turns into a silent 401, once, with its cause', async () => {
    const { lines, sink } = recorder()
    const authorize = rbacLoggedAuthorize(async (credentials: Record<'username', string> | undefined) => {
      const lookup = (globalThis as unknown as { findUser: (name?: string) => { id: string } }).findUser
      return lookup(credentials?.username)
    }, { sink })

    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await signIn(authorize, 'ada')
      // What next-auth answers stays what it was: 401, no session.
      expect(response.status).toBe(401)
      expect(response.cookies?.some(cookie => cookie.name.endsWith('session-token'))).toBe(false)
    }
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^\[nuxt-auth-rbac\] authorize\(\) threw TypeError: lookup is not a function at .*logged-authorize\.test\.ts/)
    expect(lines[0]).not.toContain('\n')
  })

  it('says what caused a wrapped error, and never logs a refusal or a sign-in', async () => {
    const { lines, sink } = recorder()
    const authorize = rbacLoggedAuthorize((credentials: Record<'username', string> | undefined) => {
      if (credentials?.username === 'down') {
        throw new Error('user lookup failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:5432\nmore') })
      }
      return credentials?.username === 'ada' ? { id: '1', name: 'Ada' } : null
    }, { sink })

    expect((await signIn(authorize, 'nobody')).status).toBe(401)
    expect((await signIn(authorize, 'ada')).cookies?.some(cookie => cookie.name.endsWith('session-token'))).toBe(true)
    expect(lines).toEqual([])
    expect((await signIn(authorize, 'down')).status).toBe(401)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('Error: user lookup failed (cause: Error: connect ECONNREFUSED 127.0.0.1:5432)')
  })

  it('passes arguments and results through, and rethrows what it caught', async () => {
    const { sink } = recorder()
    const failure = new RangeError('boom')
    const wrapped = rbacLoggedAuthorize((a: number, b: string) => {
      if (a < 0) {
        throw failure
      }
      return `${a}${b}`
    }, { sink })
    expect(await wrapped(1, 'x')).toBe('1x')
    await expect(wrapped(-1, 'x')).rejects.toBe(failure)
  })
})
