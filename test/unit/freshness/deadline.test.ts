import { afterEach, describe, expect, it, vi } from 'vitest'
import { withDeadline } from '../../../src/runtime/shared/freshness/deadline'

describe('withDeadline', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('settles with work that finishes in time', async () => {
    await expect(withDeadline(Promise.resolve(['editor']), 50, () => new Error('late'))).resolves.toEqual(['editor'])
    await expect(withDeadline('plain', 50, () => new Error('late'))).resolves.toBe('plain')
  })

  it('passes on the work\'s own failure', async () => {
    await expect(withDeadline(Promise.reject(new Error('db down')), 50, () => new Error('late'))).rejects.toThrow('db down')
  })

  it('rejects work that hangs once the time is up', async () => {
    vi.useFakeTimers()
    const hanging = withDeadline(new Promise(() => {}), 2000, () => new Error('no answer in 2000 ms'))
    const settled = expect(hanging).rejects.toThrow('no answer in 2000 ms')
    await vi.advanceTimersByTimeAsync(1999)
    await vi.advanceTimersByTimeAsync(1)
    await settled
  })

  it('leaves no timer behind', async () => {
    vi.useFakeTimers()
    await withDeadline(Promise.resolve(1), 2000, () => new Error('late'))
    expect(vi.getTimerCount()).toBe(0)
  })
})
