import { describe, expect, it } from 'vitest'
import { createLogThrottle } from '../../../src/runtime/shared/logging/log-throttle'
import { rbacAuthLogger } from '../../../src/runtime/server/utils/auth-logger'

describe('createLogThrottle', () => {
  it('writes one line per kind per window and reports what it held back', () => {
    const throttle = createLogThrottle(60_000)
    expect(throttle.admit('a', 'first', 0)).toBe('first')
    expect(throttle.admit('a', 'again', 1000)).toBeUndefined()
    expect(throttle.admit('a', 'again', 59_999)).toBeUndefined()
    expect(throttle.admit('b', 'other kind', 2000)).toBe('other kind')
    expect(throttle.admit('a', 'later', 60_000)).toBe('later (2 more like it in the last 60 s)')
    expect(throttle.admit('a', 'quiet', 130_000)).toBe('quiet')
  })

  it('keeps a bounded number of kinds', () => {
    const throttle = createLogThrottle(60_000, 2)
    throttle.admit('a', 'a', 0)
    throttle.admit('b', 'b', 0)
    throttle.admit('c', 'c', 0)
    expect(throttle.admit('a', 'a again', 1)).toBe('a again')
  })
})

describe('rbacAuthLogger', () => {
  it('logs a junk-cookie flood as one short line, without a stack', () => {
    const lines: string[] = []
    const logger = rbacAuthLogger({ sink: { error: line => lines.push(line), warn: line => lines.push(line) } })
    const error = new Error('Invalid Compact JWE')
    for (let index = 0; index < 500; index++) {
      logger.error!('JWT_SESSION_ERROR', { error, message: error.message })
    }
    expect(lines).toEqual(['[next-auth] JWT_SESSION_ERROR Error: Invalid Compact JWE'])
    expect(lines.join('\n')).not.toContain('    at ')
  })
})
