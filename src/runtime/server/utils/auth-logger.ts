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
