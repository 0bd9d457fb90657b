import { USER_ID_KEYS } from './token-uid'

/**
 * Whether decoded claims can be a session next-auth issued: a session always names its user
 * (`sub`, or the module's `uid`). next-auth seals its OAuth check cookies (`{ value, iat, exp, jti }`,
 * no user) with the same key, so decoding alone proves nothing about what a token is.
 */
export function isSessionClaims(claims: Record<string, unknown>): boolean {
  return USER_ID_KEYS.some(key => namesUser(Object.hasOwn(claims, key) ? claims[key] : undefined))
}

function namesUser(value: unknown): boolean {
  return (typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isFinite(value))
}
