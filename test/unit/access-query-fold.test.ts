import { describe, expect, it } from 'vitest'
import { and, not, or } from '../../src/runtime/shared/query/fold'
import type { AccessCondition } from '../../src/runtime/shared/query/condition'

const a: AccessCondition = { operator: 'eq', field: 'authorId', value: 'u1' }
const b: AccessCondition = { operator: 'eq', field: 'published', value: true }
const c: AccessCondition = { operator: 'in', field: 'workspace', value: ['news'] }

describe('the condition algebra of accessibleBy', () => {
  it('a constant that decides the whole decides it; the other drops out', () => {
    expect(and([a, false, b])).toBe(false)
    expect(or([a, true, b])).toBe(true)
    expect(and([true, a])).toBe(a)
    expect(or([false, a])).toBe(a)
    expect(and([])).toBe(true)
    expect(or([])).toBe(false)
    expect(and([true, true])).toBe(true)
    expect(or([false, false])).toBe(false)
  })

  it('nested conditions of the same operator flatten; of the other, they stay', () => {
    expect(and([and([a, b]), c])).toEqual({ operator: 'and', value: [a, b, c] })
    expect(or([a, or([b, c])])).toEqual({ operator: 'or', value: [a, b, c] })
    expect(and([or([a, b]), c])).toEqual({ operator: 'and', value: [{ operator: 'or', value: [a, b] }, c] })
  })

  it('not folds constants and cancels itself; what it builds is frozen', () => {
    expect(not(true)).toBe(false)
    expect(not(not(a))).toBe(a)
    const built = and([a, not(b)])
    expect(Object.isFrozen(built)).toBe(true)
    expect(Object.isFrozen((built as { value: unknown }).value)).toBe(true)
  })
})
