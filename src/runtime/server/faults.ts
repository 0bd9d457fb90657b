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
  const line = faultLog.admit(`${error.dependency}:${error.message}`, `${error.message}${describeCause(error)}; guarded requests answer 503 until it recovers.`)
  if (line) {
    console.error(line)
  }
}

/**
 * What the log says of a fault's cause. Of the identity provider's, only its kind: the error's name
 * and the codes along its causes (`TypeError (ECONNREFUSED)`). Its message can quote what the request
 * sent — fetch quotes a header value it refuses, JSON.parse the body it could not read, which a backend
 * may echo — and whoever sends a request must not write lines into the server's log. Of the store's
 * and of the app's own code (resolver, policy), the message too, which the app or its store wrote:
 * on one line and cut short, so that no cause can forge a line of its own.
 */
function describeCause(error: RbacDependencyError): string {
  const cause = error.cause
  if (!(cause instanceof Error)) {
    return ''
  }
  return error.dependency === 'identity' ? `: ${kindOf(cause)}` : `: ${oneLine(cause.message)}`
}

const IDENTIFIER = /^[a-z][\w.]{0,63}$/i

/** An error's name, with the `code`s along its chain of causes: names and codes are the library's, never the request's. */
function kindOf(error: Error): string {
  const name = IDENTIFIER.test(error.name) ? error.name : 'Error'
  const codes = new Set<string>()
  let current: unknown = error
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && IDENTIFIER.test(code)) {
      codes.add(code)
    }
    current = current.cause
  }
  return codes.size > 0 ? `${name} (${[...codes].join(', ')})` : name
}

// Control characters (C0, DEL, C1), line and paragraph separators, and bidirectional overrides.
// eslint-disable-next-line no-control-regex
const NOT_ON_ONE_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]+/g

function oneLine(message: string): string {
  const line = message.replace(NOT_ON_ONE_LINE, ' ').trim()
  return line.length > 200 ? `${line.slice(0, 200)}…` : line
}

/** What a 503 says outside production. */
export function faultReason(error: RbacDependencyError): string {
  return `${DESCRIPTIONS[error.dependency]} is unavailable`
}
