import { PREFIX } from '../runtime/shared/names'
import { isApiKeyPrefix } from '../runtime/server/identity/api-key-format'
import type { ApiKeySettings } from '../runtime/server/identity/api-key-settings'

/** `rbac.apiKeys`, as written in nuxt.config. */
export interface ApiKeyOptions {
  /**
   * What every key starts with (`<prefix>_…`): name your app, so that a leaked key is recognised
   * (by people and by secret scanners). A lower-case letter, then up to 15 letters or digits.
   * @default 'rbac'
   */
  prefix?: string
  /**
   * The request header a key travels in. `Authorization` takes `Bearer <key>`; any other header
   * the bare key (`X-Api-Key: <key>`).
   * @default 'Authorization'
   */
  header?: string
  /** Seconds a key lives when `createApiKey` is not told. @default 7776000 (90 days) */
  defaultExpiresIn?: number
  /**
   * The longest a key may live (seconds). `revokeSessions` is remembered this long (in the `rbac`
   * storage mount), so that it ends every key made before it.
   * @default 31536000 (365 days)
   */
  maxExpiresIn?: number
}

const DAY = 24 * 60 * 60
export const API_KEY_DEFAULTS = { prefix: 'rbac', header: 'Authorization', defaultExpiresIn: 90 * DAY, maxExpiresIn: 365 * DAY }

// RFC 9110's token characters; Cookie carries sessions, never keys.
const HEADER_NAME = /^[!#$%&'*+.^`|~\w-]+$/

/** What the server needs for `rbac.bearer` and `rbac.apiKeys`, checked against the app's setup. */
export interface ApiClientSettings {
  bearer: boolean
  apiKeys: ApiKeySettings | undefined
}

export function apiClientSettings(
  options: { bearer?: unknown, apiKeys?: ApiKeyOptions | boolean },
  app: { source: 'authjs' | 'local', hasRolesResolver: boolean },
): ApiClientSettings {
  if (options.bearer !== undefined && typeof options.bearer !== 'boolean') {
    throw new Error(`${PREFIX} rbac.bearer must be true or false, got ${JSON.stringify(options.bearer)}.`)
  }
  if (options.bearer === true && app.source !== 'authjs') {
    throw new Error(`${PREFIX} rbac.bearer is for the authjs provider (next-auth's session token as a bearer token). The local provider's tokens are read from the Authorization header already: remove rbac.bearer.`)
  }
  return { bearer: options.bearer === true, apiKeys: apiKeySettings(options.apiKeys, app.hasRolesResolver) }
}

function apiKeySettings(options: ApiKeyOptions | boolean | undefined, hasRolesResolver: boolean): ApiKeySettings | undefined {
  if (options === undefined || options === false) {
    return undefined
  }
  if (options !== true && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new Error(`${PREFIX} rbac.apiKeys must be true or an object such as { prefix: 'myapp' }.`)
  }
  if (!hasRolesResolver) {
    // Without a resolver nothing on the server knows the owner's current roles: a key could keep a
    // role its owner lost, or outlive its owner. Refused rather than trusted.
    throw new Error(`${PREFIX} rbac.apiKeys needs a roles resolver: a key acts with its owner's current roles, asked on every request. Create server/rbac-roles.ts with export default defineRbacRoles(async ({ uid }) => …), or remove rbac.apiKeys.`)
  }
  const given = options === true ? {} : options
  const unknown = Object.keys(given).find(key => !Object.hasOwn(API_KEY_DEFAULTS, key))
  if (unknown !== undefined) {
    throw new Error(`${PREFIX} rbac.apiKeys has an unknown key '${unknown}' (keys: ${Object.keys(API_KEY_DEFAULTS).join(', ')}).`)
  }
  const { prefix, header, defaultExpiresIn, maxExpiresIn } = { ...API_KEY_DEFAULTS, ...given }
  if (!isApiKeyPrefix(prefix)) {
    throw new Error(`${PREFIX} rbac.apiKeys.prefix must be a lower-case letter then up to 15 lower-case letters or digits (say your app's name, 'myapp'), got ${JSON.stringify(prefix)}.`)
  }
  if (typeof header !== 'string' || !HEADER_NAME.test(header) || header.toLowerCase() === 'cookie') {
    throw new Error(`${PREFIX} rbac.apiKeys.header must be a header name such as 'Authorization' or 'X-Api-Key', got ${JSON.stringify(header)}.`)
  }
  for (const [key, value] of [['defaultExpiresIn', defaultExpiresIn], ['maxExpiresIn', maxExpiresIn]] as const) {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new Error(`${PREFIX} rbac.apiKeys.${key} must be a positive whole number of seconds, got ${JSON.stringify(value)}.`)
    }
  }
  if (defaultExpiresIn > maxExpiresIn) {
    throw new Error(`${PREFIX} rbac.apiKeys.defaultExpiresIn (${defaultExpiresIn} s) is longer than maxExpiresIn (${maxExpiresIn} s): lower it.`)
  }
  const name = header.toLowerCase()
  return { prefix, header: name, scheme: name === 'authorization' ? 'Bearer' : '', defaultExpiresIn, maxExpiresIn }
}
