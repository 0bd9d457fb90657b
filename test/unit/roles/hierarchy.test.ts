import { describe, expect, it } from 'vitest'
import { effectiveRoles, expandHierarchy, findHierarchyProblem } from '../../../src/runtime/shared/roles/hierarchy'

const roles = ['admin', 'editor', 'viewer', 'billing']

describe('expandHierarchy', () => {
  const grants = expandHierarchy(roles, { admin: ['editor'], editor: ['viewer'] })

  it('grants each role itself and everything below it', () => {
    expect(grants).toEqual({
      admin: ['admin', 'editor', 'viewer'],
      editor: ['editor', 'viewer'],
      viewer: ['viewer'],
      billing: ['billing'],
    })
  })

  it('merges several assigned roles without duplicates', () => {
    expect(effectiveRoles(['editor', 'billing'], grants)).toEqual(['editor', 'viewer', 'billing'])
    expect(effectiveRoles(['admin', 'viewer'], grants)).toEqual(['admin', 'editor', 'viewer'])
  })

  it('handles a diamond', () => {
    const diamond = expandHierarchy(['a', 'b', 'c', 'd'], { a: ['b', 'c'], b: ['d'], c: ['d'] })
    expect(diamond.a).toEqual(['a', 'b', 'c', 'd'])
  })

  it('grants nothing for roles it does not know', () => {
    expect(effectiveRoles(['__proto__', 'toString', 'ADMIN'], grants)).toEqual([])
  })
})

describe('findHierarchyProblem', () => {
  it('accepts a valid hierarchy', () => {
    expect(findHierarchyProblem(roles, { admin: ['editor'], editor: ['viewer'] })).toBeUndefined()
    expect(findHierarchyProblem(roles, {})).toBeUndefined()
  })

  it('finds a direct cycle', () => {
    expect(findHierarchyProblem(roles, { admin: ['editor'], editor: ['admin'] }))
      .toEqual({ kind: 'cycle', path: ['admin', 'editor', 'admin'] })
  })

  it('finds a self-reference and a longer cycle', () => {
    expect(findHierarchyProblem(roles, { viewer: ['viewer'] })).toEqual({ kind: 'cycle', path: ['viewer', 'viewer'] })
    expect(findHierarchyProblem(roles, { admin: ['editor'], editor: ['viewer'], viewer: ['admin'] }))
      .toEqual({ kind: 'cycle', path: ['admin', 'editor', 'viewer', 'admin'] })
  })

  it('names unknown roles on either side', () => {
    expect(findHierarchyProblem(roles, { admn: ['editor'] })).toEqual({ kind: 'unknown-role', role: 'admn', where: 'inherits key \'admn\'' })
    expect(findHierarchyProblem(roles, { admin: ['editr'] })).toEqual({ kind: 'unknown-role', role: 'editr', where: 'inherits.admin' })
  })
})
