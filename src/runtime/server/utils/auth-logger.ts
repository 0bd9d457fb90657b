import type { LoggerInstance } from 'next-auth'
import { createLogThrottle } from '../../shared/logging/log-throttle'

export interface RbacAuthLoggerOptions {
  /** One line per kind of message per this many seconds; the rest are counted. @default 60 */
  windowSeconds?: number
  /** Where lines go. @default console */
  sink?: Pick<Console, 'error' | 'warn'>
}

/**
 * A next-auth logger for `NuxtAuthHandler({ logger: rbacAuthLogger() })`. next-auth logs a stack
 * trace (~1.4 KB) for every request that carries an undecodable session cookie, so anyone can fill
 * the log with junk cookies. This writes one short line per kind of message per window, with the
 * count of what it held back, and never a stack, secret or token.
 */
export function rbacAuthLogger(options: RbacAuthLoggerOptions = {}): Partial<LoggerInstance> {
  const throttle = createLogThrottle((options.windowSeconds ?? 60) * 1000)
  const sink = options.sink ?? console
  return {
    error(code, metadata) {
      const error = metadata instanceof Error ? metadata : (metadata as { error?: unknown } | undefined)?.error
      const reason = error instanceof Error ? `${error.name}: ${error.message.split('\n', 1)[0]}` : ''
      const line = throttle.admit(`error:${code}`, `[next-auth] ${code}${reason ? ` ${reason}` : ''}`)
      if (line) {
        sink.error(line)
      }
    },
    warn(code) {
      const line = throttle.admit(`warn:${code}`, `[next-auth] warning ${code}`)
      if (line) {
        sink.warn(line)
      }
    },
    debug() {},
  }
}

/**
 * Wraps a credentials provider's `authorize()` so that an exception in it reaches the server log.
 * next-auth 4 catches it in its credentials callback, answers the sign-in with 401 and logs
 * nothing (its logger is never called), so a typo or a database outage looks like a wrong password.
 * This writes one line per kind of exception per window (`[nuxt-auth-rbac] authorize() threw …`:
 * the first line of its message, its cause and where it was thrown, no stack), then rethrows it:
 * what next-auth answers does not change.
 * @example
 * Credentials({ credentials: { username: {}, password: {} }, authorize: rbacLoggedAuthorize(async (credentials) => findUser(credentials)) })
 */
export function rbacLoggedAuthorize<A extends unknown[], R>(authorize: (...args: A) => R | Promise<R>, options: RbacAuthLoggerOptions = {}): (...args: A) => Promise<R> {
  const throttle = createLogThrottle((options.windowSeconds ?? 60) * 1000)
  const sink = options.sink ?? console
  return async (...args) => {
    try {
      return await authorize(...args)
    }
    catch (error) {
      const reason = describeError(error)
      const line = throttle.admit(reason, `[nuxt-auth-rbac] authorize() threw ${reason}: next-auth answers this sign-in with 401 and logs nothing`)
      if (line) {
        sink.error(line)
      }
      throw error
    }
  }
}

/** `Name: first line of the message (cause: …) at <first stack frame>`, or what was thrown. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) {
    return `a non-error value (${typeof error})`
  }
  const firstLine = (text: string) => text.split('\n', 1)[0]
  const cause = error.cause instanceof Error ? ` (cause: ${error.cause.name}: ${firstLine(error.cause.message)})` : ''
  const frame = error.stack?.split('\n').find(line => line.trimStart().startsWith('at '))?.trim()
  return `${error.name}: ${firstLine(error.message)}${cause}${frame ? ` ${frame}` : ''}`
}
