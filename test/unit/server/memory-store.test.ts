import { afterEach, describe, expect, it, vi } from 'vitest'
import rbacMemoryStore from '../../../src/runtime/server/freshness/memory-store'

describe('the default rbac memory store', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('keeps a key until its TTL runs out', async () => {
    vi.useFakeTimers()
    const store = rbacMemoryStore()
    await store.setItem!('sessions:MQ', '{"version":"v1"}', { ttl: 60 })
    expect(await store.getItem('sessions:MQ')).toBe('{"version":"v1"}')
    vi.advanceTimersByTime(59_999)
    expect(await store.hasItem('sessions:MQ', {})).toBe(true)
    vi.advanceTimersByTime(1)
    expect(await store.getItem('sessions:MQ')).toBeNull()
  })

  it('bounds cached roles, dropping the oldest first', async () => {
    const store = rbacMemoryStore({ maxCachedRoles: 3 })
    for (const id of ['a', 'b', 'c', 'd']) {
      await store.setItem!(`roles:${id}`, id, { ttl: 300 })
    }
    expect(await store.getItem('roles:a')).toBeNull()
    expect(await store.getKeys('', {})).toEqual(['roles:b', 'roles:c', 'roles:d'])
  })

  it('never drops a revocation to make room for cached roles', async () => {
    const store = rbacMemoryStore({ maxCachedRoles: 2 })
    await store.setItem!('sessions:MQ', 'revoked', { ttl: 3600 })
    for (let index = 0; index < 50; index++) {
      await store.setItem!(`roles:${index}`, 'x', { ttl: 300 })
    }
    expect(await store.getItem('sessions:MQ')).toBe('revoked')
  })

  it('sweeps lapsed markers, so their number follows the rate of revocations', async () => {
    vi.useFakeTimers()
    const store = rbacMemoryStore()
    for (let index = 0; index < 500; index++) {
      await store.setItem!(`sessions:${index}`, 'v', { ttl: 1 })
    }
    vi.advanceTimersByTime(2000)
    for (let index = 0; index < 500; index++) {
      await store.setItem!(`roles-version:${index}`, 'v', { ttl: 3600 })
    }
    const { markers } = store.getInstance!() as { markers: Map<string, unknown> }
    expect(markers.size).toBe(500)
    expect([...markers.keys()].every(key => key.startsWith('roles-version:'))).toBe(true)
  })

  it('removes and clears', async () => {
    const store = rbacMemoryStore()
    await store.setItem!('roles:a', 'x', {})
    await store.setItem!('sessions:a', 'y', {})
    await store.removeItem!('roles:a', {})
    expect(await store.getItem('roles:a')).toBeNull()
    await store.clear!('', {})
    expect(await store.getKeys('', {})).toEqual([])
  })
})
