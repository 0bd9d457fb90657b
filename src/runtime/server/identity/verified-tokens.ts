/**
 * Tokens this process has verified, so that the next request with the same token skips the
 * cryptography: keyed by the exact token text (never a part or a hash of it), only ever filled with
 * tokens that passed every check, each kept until its `exp` (re-checked on every use, with the same
 * clock tolerance as the verification). Junk never enters, so a flood of forged tokens cannot grow it
 * or push out the real ones faster than real sign-ins do; the sources read only the one spelling of a
 * token its issuer writes (see token-syntax.ts), so one real token cannot be entered many times over
 * either. It is bounded twice, the oldest going first: by count (`maxEntries`) and by the length of
 * the tokens it holds (`maxChars`), and a token longer than `maxTokenChars` is verified every time,
 * never kept. The claims are frozen: no request can change what another reads.
 * One per verifier (per secret or key set): a token verified under one key is not under another.
 */
export interface VerifiedTokens<Claims extends Record<string, unknown>> {
  /** The claims of a token verified before and not expired, or undefined. */
  get: (token: string) => Claims | undefined
  /** Keeps a token that just passed every check. */
  keep: (token: string, claims: Claims) => Claims
}

/** How much a cache may hold, besides its count of entries. */
export interface VerifiedTokensLimits {
  /** The total length of the tokens kept (their claims take about as much again). @default 8_388_608 */
  maxChars?: number
  /** The longest token kept. @default 8192 */
  maxTokenChars?: number
}

export function createVerifiedTokens<Claims extends Record<string, unknown>>(clockToleranceSeconds: number, maxEntries = 5_000, limits: VerifiedTokensLimits = {}): VerifiedTokens<Claims> {
  const { maxChars = 8 * 1024 * 1024, maxTokenChars = 8192 } = limits
  const verified = new Map<string, Claims>()
  let chars = 0
  const expired = (claims: Claims) => typeof claims.exp !== 'number' || claims.exp <= Date.now() / 1000 - clockToleranceSeconds
  const forget = (token: string) => {
    if (verified.delete(token)) {
      chars -= token.length
    }
  }
  return {
    get(token) {
      const claims = verified.get(token)
      if (claims === undefined) {
        return undefined
      }
      if (expired(claims)) {
        forget(token)
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
      if (token.length > maxTokenChars) {
        return frozen
      }
      // Two requests with one token may both verify it before either keeps it.
      forget(token)
      verified.set(token, frozen)
      chars += token.length
      while (verified.size > maxEntries || chars > maxChars) {
        forget(verified.keys().next().value!)
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
