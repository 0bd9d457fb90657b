import { bench, describe } from 'vitest'
import { decode, encode } from 'next-auth/jwt'
import { decodeSessionToken, encodeSessionToken } from '../src/runtime/server/identity/authjs-codec'

// What reading and writing the session cookie costs: next-auth derives the key on every call,
// the module's codec (guards, and `rbacJwtCodec()` for NuxtAuthHandler) once per secret.
const secret = 'bench-secret-0123456789abcdef'
const claims = { name: 'Ada', email: 'ada@example.com', sub: '1', uid: '1', role: 'admin', roles: ['admin'] }
const token = await encode({ token: claims, secret })

describe('decode a session cookie', () => {
  bench('module: key derived once per secret', async () => {
    await decodeSessionToken(token, secret)
  })
  bench('next-auth decode', async () => {
    await decode({ token, secret })
  })
})

describe('decode and re-encode (what /api/auth/session does per call)', () => {
  bench('module: rbacJwtCodec', async () => {
    await encodeSessionToken(await decodeSessionToken(token, secret), secret)
  })
  bench('next-auth', async () => {
    await encode({ token: (await decode({ token, secret }))!, secret })
  })
})
