/**
 * Whether decoded claims can be a session next-auth issued: a session always names its user
 * (`sub`, or the module's `uid`). next-auth seals its OAuth check cookies (`{ value, iat, exp }`)
 * with the same key, so decoding alone proves nothing about what a token is.
 */
export function isSessionClaims(claims: Record<string, unknown>): boolean {
  return ['uid', 'id', 'sub'].some(key => namesUser(Object.hasOwn(claims, key) ? claims[key] : undefined)) && !isCheckCookie(claims)
}

function namesUser(value: unknown): boolean {
  return (typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isFinite(value))
}

const CHECK_COOKIE_KEYS = new Set(['value', 'iat', 'exp', 'jti'])

function isCheckCookie(claims: Record<string, unknown>): boolean {
  return Object.hasOwn(claims, 'value') && Object.keys(claims).every(key => CHECK_COOKIE_KEYS.has(key))
}
