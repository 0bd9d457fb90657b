import { createError } from 'h3'

const isProduction = process.env.NODE_ENV === 'production'

/** 401: there is no valid session (none, expired, forged or unreadable). */
export function unauthorized(detail?: string) {
  return createError({
    statusCode: 401,
    statusMessage: 'Unauthorized',
    data: isProduction || !detail ? undefined : { reason: detail },
  })
}

/** 403: signed in, but without the permission. Production responses never name the roles. */
export function forbidden(detail?: string) {
  return createError({
    statusCode: 403,
    statusMessage: 'Forbidden',
    data: isProduction || !detail ? undefined : { reason: detail },
  })
}
