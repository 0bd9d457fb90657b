import { randomBytes } from 'node:crypto'
import { jwtVerify, SignJWT } from 'jose'
import type { H3Event } from 'h3'
import type { Account } from './accounts'

/** The demo backend's token settings (runtimeConfig.backend in nuxt.config.ts). */
interface BackendConfig {
  jwtSecret: string
  issuer: string
  audience: string
  accessTokenSeconds: number
  refreshTokenSeconds: number
}

function backendConfig(): BackendConfig {
  return useRuntimeConfig().backend as BackendConfig
}

function signingKey(config: BackendConfig): Uint8Array {
  if (!config.jwtSecret) {
    throw createError({ statusCode: 500, statusMessage: 'Server Error', message: 'NUXT_BACKEND_JWT_SECRET is empty.' })
  }
  return new TextEncoder().encode(config.jwtSecret)
}

/** A short-lived access token: who the user is (`sub`) and their roles, for this app only (`aud`). */
export async function issueAccessToken(account: Account): Promise<string> {
  const config = backendConfig()
  return await new SignJWT({ roles: account.roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(account.id)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt()
    .setExpirationTime(`${Number(config.accessTokenSeconds)}s`)
    .sign(signingKey(config))
}

/** The claims of a valid access token from this backend, or null (forged, expired, someone else's). */
export async function verifyAccessToken(token: string): Promise<{ sub: string, roles: string[] } | null> {
  const config = backendConfig()
  try {
    const { payload } = await jwtVerify(token, signingKey(config), { algorithms: ['HS256'], issuer: config.issuer, audience: config.audience })
    const roles = Array.isArray(payload.roles) ? payload.roles.filter(role => typeof role === 'string') : []
    return typeof payload.sub === 'string' ? { sub: payload.sub, roles } : null
  }
  catch {
    return null
  }
}

/** The access token of an `Authorization: Bearer …` header, if the request has one. */
export function bearerToken(event: H3Event): string | undefined {
  const [scheme, token, ...rest] = (getHeader(event, 'authorization') ?? '').trim().split(/\s+/)
  return rest.length === 0 && scheme?.toLowerCase() === 'bearer' && token ? token : undefined
}

interface RefreshGrant {
  accountId: string
  expiresAt: number
}

// Opaque refresh tokens, kept per server process; a real backend stores them (hashed) in its database.
const refreshGrants = new Map<string, RefreshGrant>()

export function issueRefreshToken(account: Account): string {
  const token = randomBytes(32).toString('base64url')
  refreshGrants.set(token, { accountId: account.id, expiresAt: Date.now() + Number(backendConfig().refreshTokenSeconds) * 1000 })
  return token
}

/**
 * Rotation: a refresh token works once. Using it revokes it and names the account it was issued
 * to; an unknown, used or expired one names nobody.
 */
export function redeemRefreshToken(token: unknown): string | undefined {
  if (typeof token !== 'string') {
    return undefined
  }
  const grant = refreshGrants.get(token)
  refreshGrants.delete(token)
  return grant && grant.expiresAt > Date.now() ? grant.accountId : undefined
}

export function revokeRefreshToken(token: unknown): void {
  if (typeof token === 'string') {
    refreshGrants.delete(token)
  }
}

/** What sign-in and refresh answer, at the pointers nuxt.config gives nuxt-auth (`/token`, `/refreshToken`). */
export async function issueTokens(account: Account): Promise<{ token: string, refreshToken: string }> {
  return { token: await issueAccessToken(account), refreshToken: issueRefreshToken(account) }
}
