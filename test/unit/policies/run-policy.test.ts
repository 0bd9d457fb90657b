import { createError } from 'h3'
import type { H3Event } from 'h3'
import { describe, expect, it, vi } from 'vitest'
import { definePolicy, deny, isDenial, isPolicy } from '../../../src/runtime/server/policies/define-policy'
import { runPolicy } from '../../../src/runtime/server/policies/run-policy'
import { RbacDependencyError } from '../../../src/runtime/server/faults'
import type { RbacContext } from '../../../src/runtime/server/identity/caller'

const event = {} as H3Event
const caller = { uid: 'u1', roles: ['editor'], effectiveRoles: ['editor', 'viewer'] } as unknown as RbacContext
const asPolicy = (policy: unknown) => policy as Parameters<typeof runPolicy>[0]

describe('definePolicy', () => {
  it('refuses a missing name, a missing function and a timeout that is not a positive number', () => {
    expect(() => definePolicy('' as string, () => true)).toThrow(/needs a name/)
    expect(() => definePolicy('x', undefined as never)).toThrow(/takes a function/)
    for (const timeout of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => definePolicy('x', () => true, { timeout })).toThrow(/positive number/)
    }
  })

  it('is frozen, branded, and takes no guests unless asked', () => {
    const policy = definePolicy('post.publish', () => true)
    expect(isPolicy(policy)).toBe(true)
    expect(Object.isFrozen(policy)).toBe(true)
    expect(policy.guests).toBe(false)
    expect(policy.timeout).toBe(2000)
    expect(definePolicy('post.read', () => true, { guests: true }).guests).toBe(true)
    expect(isPolicy({ name: 'post.publish', check: () => true })).toBe(false)
  })
})

describe('deny', () => {
  it('is 403 unless 404 is asked, and hides its reason unless exposed', () => {
    expect(deny()).toMatchObject({ status: 403, reason: undefined, expose: false })
    expect(deny('locked', { status: 404, expose: true })).toMatchObject({ status: 404, reason: 'locked', expose: true })
    expect(isDenial(deny())).toBe(true)
    expect(() => deny('x', { status: 200 as never })).toThrow(/403 or 404/)
    expect(() => deny('x', { status: 401 as never })).toThrow(/403 or 404/)
  })
})

describe('runPolicy', () => {
  it('allows on true only; false, deny and any other answer refuse', async () => {
    const answers: Array<[unknown, object]> = [
      [true, { allowed: true }],
      [false, { allowed: false, status: 403 }],
      [deny('no', { status: 404 }), { allowed: false, status: 404, reason: 'no' }],
      ['yes', { allowed: false, status: 403 }],
      [1, { allowed: false, status: 403 }],
      [{ allowed: true }, { allowed: false, status: 403 }],
      [null, { allowed: false, status: 403 }],
      [undefined, { allowed: false, status: 403 }],
    ]
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      for (const [answer, outcome] of answers) {
        const policy = definePolicy(`answers-${String(answer)}`, async () => answer as boolean)
        expect(await runPolicy(asPolicy(policy), caller, event, []), String(answer)).toMatchObject(outcome)
      }
    }
    finally {
      warn.mockRestore()
    }
  })

  it('refuses a visitor with 401 (signing in may help), unless the denial hides the record', async () => {
    const refuse = definePolicy('visitor', () => false, { guests: true })
    expect(await runPolicy(asPolicy(refuse), null, event, [])).toMatchObject({ allowed: false, status: 401 })
    const hide = definePolicy('hide', () => deny(undefined, { status: 404 }), { guests: true })
    expect(await runPolicy(asPolicy(hide), null, event, [])).toMatchObject({ allowed: false, status: 404 })
  })

  it('passes the caller and the arguments', async () => {
    const seen: unknown[] = []
    const policy = definePolicy('args', ({ caller: who }, a: number, b: string) => {
      seen.push(who.uid, a, b)
      return true
    })
    await runPolicy(asPolicy(policy), caller, event, [1, 'two'])
    expect(seen).toEqual(['u1', 1, 'two'])
  })

  it('turns a throw, sync or async, into a dependency fault that keeps the cause out of its message', async () => {
    for (const check of [() => {
      throw new Error('db password=hunter2')
    }, async () => {
      throw new Error('db password=hunter2')
    }]) {
      const failure = await runPolicy(asPolicy(definePolicy('broken', check)), caller, event, []).catch((error: unknown) => error)
      expect(failure).toBeInstanceOf(RbacDependencyError)
      expect((failure as Error).message).toContain('\'broken\' failed')
      expect((failure as Error).message).not.toContain('hunter2')
    }
  })

  it('lets an HTTP error the policy threw through as its answer', async () => {
    const policy = definePolicy('teapot', () => {
      throw createError({ statusCode: 418 })
    })
    await expect(runPolicy(asPolicy(policy), caller, event, [])).rejects.toMatchObject({ statusCode: 418 })
  })

  it('times out: a fault, and the policy\'s signal is aborted', async () => {
    let signal: AbortSignal | undefined
    const policy = definePolicy('slow', ({ signal: given }) => {
      signal = given
      return new Promise<boolean>(resolve => setTimeout(() => resolve(true), 1000))
    }, { timeout: 20 })
    await expect(runPolicy(asPolicy(policy), caller, event, [])).rejects.toBeInstanceOf(RbacDependencyError)
    expect(signal?.aborted).toBe(true)
  })
})
