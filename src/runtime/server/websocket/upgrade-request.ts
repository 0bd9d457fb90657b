import type { RbacContext } from '../identity/caller'
import { reportDecision } from '../decision-log'
import { resolveCaller } from '../identity/caller'
import { credentialsOfUpgrade } from '../identity/request-credentials'

/**
 * A websocket upgrade as crossws hands it to an `upgrade` hook: a Request-like object (its URL
 * absolute), answered before any h3 middleware runs. `context` is what the peer sees later.
 */
export interface UpgradeRequest {
  readonly url: string
  readonly headers: Headers
  readonly context?: Record<string, unknown>
}

// Characters no host has, that a URL parser reads as the start of the path, query, fragment or userinfo.
// eslint-disable-next-line no-control-regex
const NOT_A_HOST = /[\\/?#@\s\u0000-\u001F\u007F]/

/**
 * The request target as sent (`/api/%61dmin/ws?x`), never normalised, or undefined when the
 * request cannot be read one way only. crossws builds the URL it routes by from the `Host` header
 * and the target (`http://${host}${target}`), and parses it leniently (`\` read as `/`): a Host such
 * as `x\api\admin\ws` would put the path in the Host. Such a Host, and a target that is not a path
 * (absolute-form `http://…`), are refused.
 */
export function upgradeTarget(request: UpgradeRequest): string | undefined {
  if (NOT_A_HOST.test(request.headers.get('host') ?? '')) {
    return undefined
  }
  const target = request.url.replace(/^[a-z][\w+.-]*:\/\/[^/?#\\]*/i, '')
  // Absolute-form (`GET http://other/x`) leaves `//…` or no leading slash here.
  return target.startsWith('/') && !target.startsWith('//') ? target : undefined
}

const pending = new WeakMap<object, Promise<RbacContext | null>>()

/** The caller of an upgrade, decoded once per upgrade request (the route rules and the handler's own guard share it). */
export function upgradeCaller(request: UpgradeRequest): Promise<RbacContext | null> {
  let caller = pending.get(request)
  if (!caller) {
    caller = resolveCaller(credentialsOfUpgrade(request), undefined) as Promise<RbacContext | null>
    pending.set(request, caller)
  }
  return caller
}

/**
 * A refused upgrade: crossws sends a thrown Response as the HTTP answer and never opens the socket.
 * The same short JSON as an HTTP denial; the reason only outside production.
 */
export function upgradeDenial(status: 400 | 401 | 403 | 503, reason?: string): Response {
  const statusMessage = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 503: 'Service Unavailable' }[status]
  const body: Record<string, unknown> = { statusCode: status, statusMessage }
  if (process.env.NODE_ENV !== 'production' && reason) {
    body.data = { reason }
  }
  // No headers: crossws writes header values percent-encoded (`application%2Fjson`).
  return new Response(JSON.stringify(body), { status, statusText: statusMessage })
}

/**
 * The caller of an upgrade, or the refusal to throw: 401 without a valid session, 503 when the store
 * or the roles resolver failed (the route rules and a handler's own guard refuse alike).
 */
export async function signedInCaller(request: UpgradeRequest): Promise<RbacContext> {
  let rbac: RbacContext | null
  try {
    rbac = await upgradeCaller(request)
  }
  catch (error) {
    throw asUpgradeDenial(error)
  }
  if (!rbac) {
    throw upgradeDenial(401, 'no valid session')
  }
  return rbac
}

/** An h3 error thrown while resolving the caller (a 503 from the store) as an upgrade answer; anything else is re-thrown. */
function asUpgradeDenial(error: unknown): Response {
  const status = (error as { statusCode?: unknown } | null)?.statusCode
  if (status === 503 || status === 401 || status === 403) {
    return upgradeDenial(status)
  }
  throw error
}

/** The upgrade's path as sent, without the query string (what a decision report names). */
export function pathOfUpgrade(request: UpgradeRequest): string {
  return (upgradeTarget(request) ?? '/').split('?', 1)[0]!
}

/**
 * signedInCaller, with its refusals (401 without a session, 503 when a dependency failed) reported
 * as decisions of a websocket guard.
 */
export async function reportedUpgradeCaller(request: UpgradeRequest, about: () => { path: string, rule?: string, requirement?: string }): Promise<RbacContext> {
  try {
    return await signedInCaller(request)
  }
  catch (error) {
    if (error instanceof Response) {
      const status = error.status as 401 | 503
      reportDecision(undefined, 'deny', () => ({ status, guard: 'websocket', ...about(), unmet: status === 401 ? 'session' : 'dependency' }))
    }
    throw error
  }
}
