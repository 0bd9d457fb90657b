import type { JWTOptions } from 'next-auth/jwt'
import { decodeSessionToken, encodeSessionToken, DEFAULT_MAX_AGE_SECONDS } from '../identity/authjs-codec'

/**
 * next-auth's own session-token format with the key derived once per secret instead of on every
 * call, for `NuxtAuthHandler({ jwt: rbacJwtCodec() })`: `/api/auth/session` decodes and re-encodes
 * the token on every call, so it gets faster too. Tokens stay interchangeable with next-auth's.
 */
export function rbacJwtCodec(): Pick<JWTOptions, 'encode' | 'decode'> {
  return {
    async encode({ token, secret, maxAge }) {
      return await encodeSessionToken(token ?? {}, String(secret), maxAge ?? DEFAULT_MAX_AGE_SECONDS)
    },
    async decode({ token, secret }) {
      return token ? await decodeSessionToken(token, String(secret)) : null
    },
  }
}
