import { createError } from 'h3'

const isProduction = process.env.NODE_ENV === 'production'

/**
 * A 401/403 is an answer, not a fault: nobody reads its stack, and capturing one is the largest
 * single cost of a denial. Built without it, a denial costs about what a grant does.
 */
function denial(statusCode: 401 | 403 | 404 | 503, statusMessage: string, detail: string | undefined, expose = false) {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    return createError({ statusCode, statusMessage, data: (isProduction && !expose) || !detail ? undefined : { reason: detail } })
  }
  finally {
    Error.stackTraceLimit = limit
  }
}

/** 401: there is no valid session (none, expired, forged or unreadable). */
export function unauthorized(detail?: string) {
  return denial(401, 'Unauthorized', detail)
}

/** 403: signed in, but without the permission. Production responses never name the roles. */
export function forbidden(detail?: string) {
  return denial(403, 'Forbidden', detail)
}

/** 503: the decision needs the store or the roles resolver, and it failed: refused, never passed. */
export function unavailable(detail?: string) {
  return denial(503, 'Service Unavailable', detail)
}

const STATUS_MESSAGES = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' } as const

/**
 * A refusal with the status a policy or a `notFound` check chose. Its reason reaches the client in
 * production only when the app marked it safe to show (`expose`); otherwise in development only.
 */
export function refusal(status: 401 | 403 | 404, reason: string | undefined, expose = false) {
  return denial(status, STATUS_MESSAGES[status], reason, expose)
}
