// Types only, and nothing that needs Nitro: the build (src/build/api-clients.ts) produces these.

/** `rbac.apiKeys` as the server keeps it. */
export interface ApiKeySettings {
  /** What every key of this app starts with (`<prefix>_`). */
  prefix: string
  /** The header a key travels in, lower case (`authorization` by default). */
  header: string
  /** Its scheme (`Bearer` for `authorization`); empty when the header holds the bare key. */
  scheme: string
  /** The longest a key may live (seconds); also how long revokeSessions is remembered. */
  maxExpiresIn: number
  /** How long a key lives when createApiKey is not told (seconds). */
  defaultExpiresIn: number
}
