import { describe, expect, it } from 'vitest'
import { createLocalCopies } from '../../../src/runtime/server/freshness/local-copies'

describe('local copies of the rbac store', () => {
  it('serves what was kept, all keys or none', () => {
    const copies = createLocalCopies()
    expect(copies.lookup(['a'], 1000)).toBeUndefined()
    copies.keep(copies.ticket(), ['a', 'b'], [null, { version: 'v1' }])
    expect(copies.lookup(['a', 'b'], 1000)).toEqual([null, { version: 'v1' }])
    expect(copies.lookup(['a', 'c'], 1000)).toBeUndefined()
  })

  it('a read that started before a change never keeps its answer', () => {
    const copies = createLocalCopies()
    const ticket = copies.ticket()
    copies.changed('a')
    copies.keep(ticket, ['a'], [null])
    expect(copies.lookup(['a'], 1000)).toBeUndefined()
  })

  it('a change drops the copy; a reset drops every copy and every read in flight', () => {
    const copies = createLocalCopies()
    copies.keep(copies.ticket(), ['a', 'b'], [1, 2])
    copies.changed('a')
    expect(copies.lookup(['a'], 1000)).toBeUndefined()
    expect(copies.lookup(['b'], 1000)).toEqual([2])
    const ticket = copies.ticket()
    copies.forgetAll()
    copies.keep(ticket, ['c'], [3])
    expect(copies.lookup(['b'], 1000)).toBeUndefined()
    expect(copies.lookup(['c'], 1000)).toBeUndefined()
  })

  it('a copy older than maxAge is read again', () => {
    const copies = createLocalCopies()
    copies.keep(copies.ticket(), ['a'], [1])
    expect(copies.lookup(['a'], 0)).toBeUndefined()
  })

  it('stays bounded: the oldest copies go first', () => {
    const copies = createLocalCopies(2)
    copies.keep(copies.ticket(), ['a'], [1])
    copies.keep(copies.ticket(), ['b'], [2])
    copies.keep(copies.ticket(), ['c'], [3])
    expect(copies.lookup(['a'], 1000)).toBeUndefined()
    expect(copies.lookup(['b', 'c'], 1000)).toEqual([2, 3])
  })
})
