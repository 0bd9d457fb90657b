/**
 * Tokens this process has verified, so that the next request with the same token skips the
 * cryptography: keyed by the exact token text (never a part or a hash of it), only ever filled with
 * tokens that passed every check, each kept until its `exp` (re-checked on every use, with the same
 * clock tolerance as the verification) and never past `maxEntries` (the oldest go first). Junk never
 * enters, so a flood of forged tokens cannot grow it or push out the real ones faster than real
 * sign-ins do. The claims are frozen: no request can change what another reads.
 * One per verifier (per secret or key set): a token verified under one key is not under another.
 */
export interface VerifiedTokens<Claims extends Record<string, unknown>> {
  /** The claims of a token verified before and not expired, or undefined. */
  get: (token: string) => Claims | undefined
  /** Keeps a token that just passed every check. */
  keep: (token: string, claims: Claims) => Claims
}

export function createVerifiedTokens<Claims extends Record<string, unknown>>(clockToleranceSeconds: number, maxEntries = 5_000): VerifiedTokens<Claims> {
  const verified = new Map<string, Claims>()
  const expired = (claims: Claims) => typeof claims.exp !== 'number' || claims.exp <= Date.now() / 1000 - clockToleranceSeconds
  return {
    get(token) {
      const claims = verified.get(token)
      if (claims === undefined) {
        return undefined
      }
      if (expired(claims)) {
        verified.delete(token)
        return undefined
      }
      return claims
    },
    keep(token, claims) {
      // A token without an end is verified every time: it could never leave.
      if (expired(claims)) {
        return claims
      }
      const frozen = deepFreeze(claims)
      verified.set(token, frozen)
      if (verified.size > maxEntries) {
        verified.delete(verified.keys().next().value!)
      }
      return frozen
    },
  }
}

/** Freezes an object and everything in it: what one request reads, no other can change. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) {
      deepFreeze(child)
    }
  }
  return value
}
