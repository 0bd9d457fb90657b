import { decodeJwt } from 'jose'

/**
 * Swaps the access token for a new one shortly before it expires, so a tab left open keeps
 * working. nuxt-auth refreshes on its own only when the tab regains focus (and at server render);
 * its periodic refresh is fixed at build time, while the token's lifetime is the backend's to
 * choose. The token is decoded, not verified, here: only the time it expires is read.
 */
export default defineNuxtPlugin(() => {
  const { token, refresh, signOut } = useAuth()
  let timer: ReturnType<typeof setTimeout> | undefined

  watch(token, (current) => {
    clearTimeout(timer)
    const delay = current ? refreshDelayMs(current) : undefined
    if (delay === undefined) {
      return
    }
    timer = setTimeout(() => {
      // A refresh token that no longer works (revoked, expired, used elsewhere) means signing in again.
      refresh().catch(() => signOut({ redirect: false }))
    }, delay)
  }, { immediate: true })
})

/** Milliseconds until a fifth of the token's life is left (at most 30 s before it ends). */
function refreshDelayMs(bearer: string): number | undefined {
  let claims
  try {
    claims = decodeJwt(bearer.replace(/^Bearer\s+/i, ''))
  }
  catch {
    // Not a JWT: nothing to schedule; the server refuses it and the next focus refreshes.
    return undefined
  }
  const { exp, iat } = claims
  if (typeof exp !== 'number') {
    return undefined
  }
  const lifetime = typeof iat === 'number' ? exp - iat : 0
  const margin = Math.min(30, lifetime / 5)
  return Math.max(0, (exp - margin) * 1000 - Date.now())
}
