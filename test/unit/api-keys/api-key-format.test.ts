import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { apiKeyReader, hashSecret, isApiKeyPrefix, newApiKey, secretMatches } from '../../../src/runtime/server/identity/api-key-format'

const reader = apiKeyReader('myapp')

/** What the server does with a credential: parse it, then compare its secret with the stored hash. */
function authenticates(credential: string, stored: { id: string, hash: string }): boolean {
  const parts = reader.parse(credential)
  return parts !== undefined && parts.id === stored.id && secretMatches(parts.secret, stored.hash)
}

describe('API key format', () => {
  it('a new key parses back into its id and secret, and only the hash is kept', () => {
    const { id, secret, key } = newApiKey('myapp')
    expect(key).toMatch(/^myapp_[0-9a-f]{16}_[\w-]{43}$/)
    expect(reader.parse(key)).toEqual({ id, secret })
    expect(hashSecret(secret)).not.toContain(secret)
    expect(secretMatches(secret, hashSecret(secret))).toBe(true)
  })

  it('refuses what is not exactly a key of this app, before any lookup', () => {
    const { key } = newApiKey('myapp')
    for (const credential of ['', 'myapp_', key.slice(0, -1), `${key}x`, ` ${key}`, key.replace('myapp', 'other'), key.toUpperCase(), newApiKey('other').key, `myapp_${'g'.repeat(16)}_${'A'.repeat(43)}`]) {
      expect(reader.parse(credential), credential).toBeUndefined()
    }
    // Claims to be one (the header then decides alone), yet malformed.
    expect(reader.claims('myapp_nonsense')).toBe(true)
    expect(reader.claims('eyJhbGciOi')).toBe(false)
  })

  it('prefixes name the app in lower case', () => {
    expect(isApiKeyPrefix('myapp')).toBe(true)
    for (const prefix of ['', 'MyApp', '1app', 'my_app', 'a'.repeat(17), 'my app']) {
      expect(isApiKeyPrefix(prefix), prefix).toBe(false)
    }
  })

  it('a wrong stored hash of any shape never matches', () => {
    const { secret } = newApiKey('myapp')
    for (const hash of [undefined, null, 42, '', 'short', hashSecret(`${secret}x`), hashSecret(secret).slice(1)]) {
      expect(secretMatches(secret, hash)).toBe(false)
    }
  })
})

describe('property: only the exact key authenticates', () => {
  const issued = newApiKey('myapp')
  const stored = { id: issued.id, hash: hashSecret(issued.secret) }

  it('the key itself does', () => {
    expect(authenticates(issued.key, stored)).toBe(true)
  })

  it('random strings never do', () => {
    fc.assert(fc.property(fc.string({ maxLength: 120 }), credential => !authenticates(credential, stored)), { numRuns: 2000 })
  })

  it('random well-formed keys with the right id never do', () => {
    const secretChar = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_')
    fc.assert(fc.property(fc.array(secretChar, { minLength: 43, maxLength: 43 }), (chars) => {
      const credential = `myapp_${issued.id}_${chars.join('')}`
      return credential === issued.key || !authenticates(credential, stored)
    }), { numRuns: 2000 })
  })

  it('prefixes, truncations and extensions never do', () => {
    fc.assert(fc.property(fc.nat(issued.key.length - 1), fc.string({ minLength: 1, maxLength: 8 }), (cut, extra) =>
      !authenticates(issued.key.slice(0, cut), stored)
      && !authenticates(issued.key.slice(cut + 1), stored)
      && !authenticates(issued.key + extra, stored)
      && !authenticates(extra + issued.key, stored),
    ), { numRuns: 2000 })
  })

  it('case changes and single-character changes never do', () => {
    fc.assert(fc.property(fc.nat(issued.key.length - 1), fc.string({ minLength: 1, maxLength: 1 }), (at, replacement) => {
      const flipped = issued.key[at] === issued.key[at]!.toUpperCase() ? issued.key[at]!.toLowerCase() : issued.key[at]!.toUpperCase()
      const caseChanged = issued.key.slice(0, at) + flipped + issued.key.slice(at + 1)
      const replaced = issued.key.slice(0, at) + replacement + issued.key.slice(at + 1)
      return (caseChanged === issued.key || !authenticates(caseChanged, stored))
        && (replaced === issued.key || !authenticates(replaced, stored))
    }), { numRuns: 3000 })
    expect(authenticates(issued.key.toUpperCase(), stored)).toBe(false)
    expect(authenticates(issued.key.toLowerCase(), stored)).toBe(false)
  })

  it('another key of the same app, or its id with another key\'s secret, never does', () => {
    fc.assert(fc.property(fc.constant(null), () => {
      const other = newApiKey('myapp')
      return !authenticates(other.key, stored) && !authenticates(`myapp_${issued.id}_${other.secret}`, stored)
    }), { numRuns: 500 })
  })
})
