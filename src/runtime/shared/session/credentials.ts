/**
 * What must never reach the browser: credentials the encrypted token carries (access, refresh and
 * id tokens, secrets), wherever the app's own session callback copied them.
 */

type Data = Record<string, unknown>

/** Key names that hold a credential, compared without case, `_` and `-`: `accessToken`, `refresh_token`, `id_token`, `clientSecret`, `jwt`… */
const CREDENTIAL_KEY = /(?:token|secret|password|apikey|privatekey|credentials?)$|^jwt$/

/** Below this length a credential is only matched whole, not searched for inside other strings. */
const MIN_EMBEDDED_LENGTH = 8

export function isCredentialKey(key: string): boolean {
  return CREDENTIAL_KEY.test(key.replace(/[-_]/g, '').toLowerCase())
}

/** Every string the token holds under a credential key, at any depth (an OAuth `account` included). */
export function credentialsIn(token: unknown): Set<string> {
  const found = new Set<string>()
  const visited = new WeakSet<object>()
  const stack: Array<{ value: unknown, secret: boolean }> = [{ value: token, secret: false }]
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value, secret } = item
    if (typeof value === 'string') {
      if (secret && value !== '') {
        found.add(value)
      }
      continue
    }
    if (typeof value !== 'object' || value === null || visited.has(value)) {
      continue
    }
    visited.add(value)
    for (const [key, child] of Object.entries(value)) {
      stack.push({ value: child, secret: secret || isCredentialKey(key) })
    }
  }
  return found
}

/**
 * A copy of the session without credentials: every key named like a credential goes, and so does
 * every string that is, or contains, a credential of the token (`'Bearer ' + accessToken`), at any
 * depth, cycles included. What it cannot see: a credential the token keeps under another name, or
 * one the app transforms (encodes, hashes, splits) before putting it in the session.
 */
export function withoutCredentials(session: Data, token: unknown): Data {
  const secrets = credentialsIn(token)
  const embedded = [...secrets].filter(secret => secret.length >= MIN_EMBEDDED_LENGTH)
  const leaks = (text: string) => secrets.has(text) || embedded.some(secret => text.includes(secret))
  const next = structuredClone(session)
  const visited = new WeakSet<object>()
  const stack: object[] = [next]
  for (let holder = stack.pop(); holder !== undefined; holder = stack.pop()) {
    if (visited.has(holder)) {
      continue
    }
    visited.add(holder)
    if (Array.isArray(holder)) {
      const kept = holder.filter(item => typeof item !== 'string' || !leaks(item))
      holder.splice(0, holder.length, ...kept)
    }
    for (const key of Object.keys(holder)) {
      const child = (holder as Data)[key]
      if ((!Array.isArray(holder) && isCredentialKey(key)) || (typeof child === 'string' && leaks(child))) {
        // Removing a credential from our own copy of the session is the point.
        // eslint-disable-next-line @typescript-eslint/no-dynamic-delete
        delete (holder as Data)[key]
      }
      else if (typeof child === 'object' && child !== null) {
        stack.push(child)
      }
    }
  }
  return next
}
