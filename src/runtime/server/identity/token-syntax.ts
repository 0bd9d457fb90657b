/**
 * What a credential must look like before anything is done with it: looked up, verified, cached or
 * written to a log. Decoders are lenient (Node's base64url skips characters outside its alphabet and
 * ignores `=`), so a token that decodes is not a token as issued: `<jwt>!` verifies, and every such
 * spelling would be one more cache entry. Only the spelling an issuer writes is read.
 */

/**
 * The longest token the local source reads (8 KiB). Browsers keep a cookie to about 4 KiB, and a JWT
 * from an identity provider (Keycloak with many roles and groups) stays well under 8 KiB; Node refuses
 * request headers over 16 KiB in all.
 */
export const MAX_LOCAL_TOKEN_LENGTH = 8192

// RFC 6750 §2.1 b64token: the form of a Bearer credential.
const B64TOKEN = /^[\w\-.~+/]+=*$/
// RFC 7515 §7.1 compact serialization: three base64url segments, without padding.
const COMPACT_JWS = /^[\w-]+\.[\w-]+\.[\w-]+$/
// RFC 7516 §7.1, as next-auth seals (`dir`): the encrypted key segment is empty.
const COMPACT_DIR_JWE = /^[\w-]+\.\.[\w-]+\.[\w-]+\.[\w-]+$/

/**
 * Whether a token of the local source is one at all: a Bearer credential (b64token) no longer than
 * MAX_LOCAL_TOKEN_LENGTH. Anything else (a control character, a quote, a space, a character a header
 * cannot carry) is no credential: it is never sent to the backend, nor logged.
 */
export function isBearerToken(token: string): boolean {
  return token.length <= MAX_LOCAL_TOKEN_LENGTH && B64TOKEN.test(token)
}

/** Whether a token is a JWT in the one spelling its signer writes (see canonicalSegments). */
export function isCompactJws(token: string): boolean {
  return token.length <= MAX_LOCAL_TOKEN_LENGTH && COMPACT_JWS.test(token) && canonicalSegments(token)
}

/**
 * Whether a token is a next-auth session token (a `dir` JWE) in the one spelling next-auth writes.
 * No length limit of its own: next-auth splits a long token over several cookies, and a session that
 * holds a provider's tokens can be long (the cache does not keep very long ones; see createVerifiedTokens).
 */
export function isCompactDirJwe(token: string): boolean {
  return COMPACT_DIR_JWE.test(token) && canonicalSegments(token)
}

/**
 * Every segment is base64url as an encoder writes it. A segment whose length leaves spare bits in its
 * last character has up to 16 spellings that decode to the same bytes; a signature or a ciphertext is
 * checked as decoded, so these would all pass (and all be cached) as distinct tokens.
 */
function canonicalSegments(token: string): boolean {
  return token.split('.').every(segment => Buffer.from(segment, 'base64url').toString('base64url') === segment)
}
