import type { H3Event } from 'h3'
import { createError, getRequestProtocol, parseCookies } from 'h3'
import { getToken } from 'next-auth/jwt'
import type { JWT } from 'next-auth/jwt'
import { useRuntimeConfig } from '#imports'

const SESSION_COOKIE = 'next-auth.session-token'
const SECURE_SESSION_COOKIE = `__Secure-${SESSION_COOKIE}`

/**
 * Decodes next-auth's session cookie (a JWE, possibly split in chunks) with the auth secret.
 * Returns null for a missing, expired, tampered or foreign cookie. Only the cookie counts:
 * an `Authorization` header is not read (next-auth 4.21's reader throws on malformed ones).
 */
export async function readSessionToken(event: H3Event): Promise<JWT | null> {
  const secret = resolveSecret()
  const secureCookie = usesSecureCookies(event)
  return await getToken({
    req: { cookies: parseCookies(event), headers: {} } as Parameters<typeof getToken>[0]['req'],
    secureCookie,
    cookieName: secureCookie ? SECURE_SESSION_COOKIE : SESSION_COOKIE,
    secret,
    // next-auth logs every undecodable cookie; a forged cookie is an expected input here.
    logger: { error: () => {}, warn: () => {}, debug: () => {} } as never,
  })
}

/**
 * The secret comes from runtime config (`authSecret`, env `NUXT_AUTH_SECRET`), the same value the
 * app passes to `NuxtAuthHandler`. Reading it here, instead of waiting for the auth route to load,
 * makes the first request to a cold server decide like every later one.
 */
function resolveSecret(): string {
  const secret = useRuntimeConfig().authSecret
  if (typeof secret === 'string' && secret !== '') {
    return secret
  }
  if (process.env.NODE_ENV !== 'production') {
    // The same development fallback @sidebase/nuxt-auth uses when NuxtAuthHandler gets no secret.
    return 'secret'
  }
  throw createError({
    statusCode: 500,
    statusMessage: 'Internal Server Error',
    message: '[nuxt-auth-rbac] No auth secret: set runtimeConfig.authSecret (NUXT_AUTH_SECRET) and pass it to NuxtAuthHandler.',
  })
}

/** next-auth names the cookie `__Secure-…` when its origin is https; mirror that decision. */
function usesSecureCookies(event: H3Event): boolean {
  const auth = useRuntimeConfig().public.auth as { baseURL?: string, originEnvKey?: string } | undefined
  const origin = (auth?.originEnvKey ? process.env[auth.originEnvKey] : undefined) || auth?.baseURL || ''
  if (/^https?:\/\//.test(origin)) {
    return origin.startsWith('https://')
  }
  return getRequestProtocol(event) === 'https'
}
