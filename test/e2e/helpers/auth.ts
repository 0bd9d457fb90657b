import { request as httpRequest } from 'node:http'
import { url } from '@nuxt/test-utils/e2e'
import { encode } from 'next-auth/jwt'

export const SESSION_COOKIE = 'next-auth.session-token'

function cookiePairs(response: Response): string[] {
  return response.headers.getSetCookie().map(cookie => cookie.split(';', 1)[0]!)
}

/** The address of a path on the server under test, or on the server at `origin` when given. */
function at(path: string, origin?: string): string {
  return origin ? `${origin}${path}` : url(path)
}

/**
 * Signs in through next-auth's real credentials flow, as a browser form would: fetch the CSRF
 * token (and its cookie), post the credentials, keep the session cookie it sets.
 * Returns the Cookie header to send, or null when sign-in was refused.
 */
export async function signIn(username: string, password: string, origin?: string): Promise<string | null> {
  const csrfResponse = await fetch(at('/api/auth/csrf', origin))
  const { csrfToken } = await csrfResponse.json() as { csrfToken: string }
  const csrfCookies = cookiePairs(csrfResponse)
  const response = await fetch(at('/api/auth/callback/credentials', origin), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'cookie': csrfCookies.join('; ') },
    body: new URLSearchParams({ csrfToken, username, password, callbackUrl: at('/', origin), json: 'true' }),
  })
  const session = cookiePairs(response).find(pair => pair.startsWith(`${SESSION_COOKIE}=`))
  return session ?? null
}

/** A session cookie the server did not issue: a valid JWE for the given claims under another secret. */
export async function forgeSessionCookie(claims: Record<string, unknown>, secret: string, maxAge?: number): Promise<string> {
  return `${SESSION_COOKIE}=${await encode({ token: claims, secret, maxAge })}`
}

/** Sends a request with an optional Cookie header (to the server at `origin` when given); never follows redirects. */
export function request(path: string, cookie?: string | null, init: RequestInit = {}, origin?: string): Promise<Response> {
  const headers = new Headers(init.headers)
  if (cookie) {
    headers.set('cookie', cookie)
  }
  return fetch(at(path, origin), { redirect: 'manual', ...init, headers })
}

export interface RawResponse {
  status: number
  body: string
  headers: Record<string, string | string[] | undefined>
  location: string | undefined
}

/**
 * Sends the path byte for byte (fetch would resolve dot segments and backslashes first), as an
 * attacker's client would. Resolves to the status code, the headers and the body text.
 */
export function rawRequest(path: string, cookie?: string | null, init: { method?: string, headers?: Record<string, string>, body?: string } = {}): Promise<RawResponse> {
  const target = new URL(url('/'))
  const headers = { ...init.headers, ...(cookie ? { cookie } : {}) }
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: target.hostname, port: target.port, path, method: init.method ?? 'GET', headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers, location: res.headers.location }))
    })
    req.on('error', reject)
    req.end(init.body)
  })
}
