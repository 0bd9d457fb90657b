import { PREFIX, STORE_MOUNT } from '../shared/names'
import { createLogThrottle } from '../shared/logging/log-throttle'

/** What a decision may depend on besides the request itself. */
export type RbacDependency = 'store' | 'resolver' | 'identity' | 'policy'

const DESCRIPTIONS: Record<RbacDependency, string> = {
  store: `the '${STORE_MOUNT}' storage mount`,
  resolver: 'the roles resolver',
  identity: 'the identity provider (JWKS or session endpoint)',
  policy: 'the policy',
}

/**
 * A dependency of the decision (the store, the roles resolver, the identity provider's keys or
 * session endpoint) failed or did not answer in time. Guards turn it into 503: the request is
 * refused, and not as if the user lacked a role or a session.
 */
export class RbacDependencyError extends Error {
  constructor(readonly dependency: RbacDependency, reason: string, options?: { cause?: unknown }) {
    super(`${PREFIX} ${DESCRIPTIONS[dependency]} ${reason}`, options)
    this.name = 'RbacDependencyError'
  }
}

// One line per kind of fault a minute: an outage must not flood the log with one line per request.
const faultLog = createLogThrottle(60_000)

export function logDependencyFault(error: RbacDependencyError): void {
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : ''
  const line = faultLog.admit(`${error.dependency}:${error.message}`, `${error.message}${cause}; guarded requests answer 503 until it recovers.`)
  if (line) {
    console.error(line)
  }
}

/** What a 503 says outside production. */
export function faultReason(error: RbacDependencyError): string {
  return `${DESCRIPTIONS[error.dependency]} is unavailable`
}
