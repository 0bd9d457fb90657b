import { randomUUID } from 'node:crypto'
import { getCookie, setCookie } from 'h3'
import type { H3Event } from 'h3'
import { getRbac } from '../utils/rbac'
import { recordDenial } from './denials'
import type { Denial } from './denials'

/**
 * Whose denials are whose. A signed-in user (the session's uid) owns the denials of their
 * requests, wherever they were made; a request without a signed-in uid belongs to its browser,
 * known by a random id in a development-only cookie. A viewer sees their own user's denials and
 * their browser's, never another user's or another browser's.
 */
const COOKIE = 'rbac-devtools'
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const CONTEXT_KEY = 'rbacDevtoolsBrowser'

/** The viewers whose denials this request may read. */
export async function viewersOf(event: H3Event): Promise<string[]> {
  const browser = `browser:${browserId(event)}`
  const uid = await signedInUid(event)
  return uid === undefined ? [browser] : [`user:${uid}`, browser]
}

/**
 * Records a denial for the caller of this request. The browser id is settled before anything is
 * awaited, while the response can still carry the cookie.
 */
export async function recordFor(event: H3Event, denial: Omit<Denial, 'at'>): Promise<void> {
  const browser = `browser:${browserId(event)}`
  const uid = await signedInUid(event)
  recordDenial(uid === undefined ? browser : `user:${uid}`, denial)
}

/** This browser's id, given to it now if it has none: httpOnly, SameSite=Strict, this dev server only. */
function browserId(event: H3Event): string {
  const known = event.context[CONTEXT_KEY] ?? getCookie(event, COOKIE)
  if (typeof known === 'string' && ID.test(known)) {
    return known
  }
  const id = randomUUID()
  event.context[CONTEXT_KEY] = id
  if (!event.node.res.headersSent) {
    setCookie(event, COOKIE, id, { httpOnly: true, sameSite: 'strict', path: '/' })
  }
  return id
}

async function signedInUid(event: H3Event): Promise<string | undefined> {
  // Not a decision: a session that cannot be read only means the denial is filed under the browser.
  const rbac = await getRbac(event).catch(() => null)
  return rbac?.uid
}
