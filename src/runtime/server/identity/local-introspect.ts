import { createHash } from 'node:crypto'
import { isRecord } from '../../shared/is-record'
import { claimPath, readClaim } from '../../shared/identity/claims'
import { RbacDependencyError } from '../faults'
import { readKeys, writeKey } from '../freshness/store'
import { deepFreeze } from './verified-tokens'
import { isBearerToken } from './token-syntax'
import type { LocalIntrospectSettings } from './local-settings'

/** How the session endpoint is sent the token: nuxt-auth's `token.headerName` and `token.type`. */
export interface TokenHeader {
  name: string
  type: string
}

/** The claims the backend answered for a token, or null when it says the token is not a session. */
export type LocalIntrospector = (token: string) => Promise<Record<string, unknown> | null>

/**
 * How long a "no" is kept: long enough that a flood of made-up tokens costs the backend one call
 * per token, not one per request; short enough that a token issued just after is soon accepted.
 */
const NEGATIVE_SECONDS = 5
const KEY_PREFIX = 'introspect:'

/**
 * An introspector for one configuration. Answers are kept on the `rbac` mount (so every server
 * sharing it asks once) under the SHA-256 of the token: the store never holds a credential. Requests
 * that arrive together with the same token share one call. The backend down, too slow, or answering
 * anything but yes or no is a dependency fault (503): never a pass, never "signed out", never kept.
 */
export function createLocalIntrospector(settings: LocalIntrospectSettings, header: TokenHeader): LocalIntrospector {
  const pointer = settings.dataResponsePointer === '/' ? [] : claimPath(settings.dataResponsePointer)
  const asking = new Map<string, Promise<Record<string, unknown> | null>>()
  return async (token) => {
    // What a header cannot carry would make fetch throw (a 503 that is no outage): no lookup at all.
    if (!isBearerToken(token)) {
      return null
    }
    const key = KEY_PREFIX + createHash('sha256').update(token).digest('hex')
    const [stored] = await readKeys([key], settings.timeout, settings.maxAge)
    if (isRecord(stored) && typeof stored.until === 'number' && stored.until > Date.now()) {
      return isRecord(stored.claims) ? stored.claims : null
    }
    let answer = asking.get(key)
    if (!answer) {
      answer = askAndKeep(settings, header, pointer, token, key).finally(() => asking.delete(key))
      asking.set(key, answer)
    }
    return await answer
  }
}

async function askAndKeep(settings: LocalIntrospectSettings, header: TokenHeader, pointer: string[], token: string, key: string): Promise<Record<string, unknown> | null> {
  const claims = await ask(settings, header, pointer, token)
  const now = Date.now()
  // The backend's own end for the token bounds how long its yes is believed.
  const until = Math.min(now + settings.maxAge * 1000, claims && typeof claims.exp === 'number' ? claims.exp * 1000 : Number.POSITIVE_INFINITY)
  if (!claims || until <= now) {
    await writeKey(key, { claims: null, until: now + NEGATIVE_SECONDS * 1000 }, NEGATIVE_SECONDS, settings.timeout)
    return null
  }
  // Frozen: the requests that shared this call all read this one object.
  const kept = deepFreeze(claims)
  await writeKey(key, { claims: kept, until }, Math.ceil((until - now) / 1000), settings.timeout)
  return kept
}

async function ask(settings: LocalIntrospectSettings, header: TokenHeader, pointer: string[], token: string): Promise<Record<string, unknown> | null> {
  let status: number
  let text: string
  try {
    // The deadline covers the body too; a redirect is not followed (and is then no answer).
    const response = await fetch(settings.endpoint, { ...request(settings, header, token), redirect: 'manual', signal: AbortSignal.timeout(settings.timeout) })
    status = response.status
    text = await response.text()
  }
  catch (error) {
    const slow = error instanceof Error && error.name === 'TimeoutError'
    throw new RbacDependencyError('identity', slow ? `did not answer within ${settings.timeout} ms` : 'could not be reached', { cause: error })
  }
  if (status === 401 || status === 403) {
    if (settings.rfc7662) {
      // RFC 7662 says "no" with `active: false`; a 401 there refuses the module's own client credentials.
      throw new RbacDependencyError('identity', `refused the module's client credentials (${status}): check rbac.local.introspect.clientId and NUXT_RBAC_LOCAL_INTROSPECT_CLIENT_SECRET`)
    }
    return null
  }
  if (status !== 200) {
    throw new RbacDependencyError('identity', `answered ${status}`)
  }
  let body: unknown
  try {
    body = JSON.parse(text)
  }
  catch (error) {
    throw new RbacDependencyError('identity', 'answered something that is not JSON', { cause: error })
  }
  if (settings.rfc7662) {
    if (!isRecord(body)) {
      throw new RbacDependencyError('identity', 'answered something that is not an introspection response')
    }
    return body.active === true ? body : null
  }
  // A session endpoint that answers 200 without a user (`null`, as some do for "no session") says no.
  const claims = readClaim(body, pointer)
  return isRecord(claims) ? claims : null
}

function request(settings: LocalIntrospectSettings, header: TokenHeader, token: string): RequestInit {
  if (!settings.rfc7662) {
    return { method: 'GET', headers: { [header.name]: header.type === '' ? token : `${header.type} ${token}`, accept: 'application/json' } }
  }
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', 'accept': 'application/json' }
  if (settings.clientId !== '') {
    // RFC 6749 §2.3.1: each part form-encoded before the two are joined.
    const encode = (part: string) => encodeURIComponent(part).replaceAll('%20', '+')
    headers.authorization = `Basic ${Buffer.from(`${encode(settings.clientId)}:${encode(settings.clientSecret)}`).toString('base64')}`
  }
  return { method: 'POST', headers, body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString() }
}
