import { EncryptJWT, jwtDecrypt } from 'jose'
import type { JWT } from 'next-auth/jwt'

/**
 * next-auth 4.21's session token, byte-compatible both ways: a JWE (`dir`, `A256GCM`) whose key is
 * HKDF-SHA256(secret, salt '', info below, 32 bytes), `iat`/`exp`/`jti` claims, 15 s clock
 * tolerance. next-auth derives the key on every call; here it is derived once per secret, which is
 * most of what a decode costs.
 */
const KEY_INFO = 'NextAuth.js Generated Encryption Key'
export const CLOCK_TOLERANCE_SECONDS = 15
/** next-auth's default session lifetime: 30 days. */
export const DEFAULT_MAX_AGE_SECONDS = 30 * 24 * 60 * 60

/**
 * Exactly what next-auth seals with: any other algorithm a header names is refused before any key
 * work (a PBES2 header with a high iteration count would otherwise burn CPU on every request).
 */
const DECRYPT_OPTIONS = {
  clockTolerance: CLOCK_TOLERANCE_SECONDS,
  keyManagementAlgorithms: ['dir'],
  contentEncryptionAlgorithms: ['A256GCM'],
}

// Keys per secret for the life of the process: derived from configuration, never from a request.
const keys = new Map<string, Promise<Uint8Array>>()
const MAX_KEYS = 4

/** The content-encryption key for a secret, derived once. */
export function encryptionKey(secret: string): Promise<Uint8Array> {
  let key = keys.get(secret)
  if (!key) {
    if (keys.size >= MAX_KEYS) {
      keys.delete(keys.keys().next().value!)
    }
    key = deriveKey(secret)
    keys.set(secret, key)
  }
  return key
}

async function deriveKey(secret: string): Promise<Uint8Array> {
  const encoder = new TextEncoder()
  const material = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveBits'])
  const bits = await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: encoder.encode(KEY_INFO) }, material, 256)
  return new Uint8Array(bits)
}

/** The token's claims; throws when it is not a current token sealed with this secret. */
export async function decodeSessionToken(token: string, secret: string): Promise<JWT> {
  const { payload } = await jwtDecrypt(token, await encryptionKey(secret), DECRYPT_OPTIONS)
  return payload as JWT
}

/** Seals claims the way next-auth's `encode` does. */
export async function encodeSessionToken(token: Record<string, unknown>, secret: string, maxAge = DEFAULT_MAX_AGE_SECONDS): Promise<string> {
  return await new EncryptJWT(token)
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + maxAge)
    .setJti(crypto.randomUUID())
    .encrypt(await encryptionKey(secret))
}
