import { describe, expect, it } from 'vitest'
import { findBareUses } from '../../../src/build/bare-imports'

const names = ['withRbac', 'requireRole', 'getRbac']

describe('findBareUses', () => {
  it('finds a call of a module util that nothing imports', () => {
    expect(findBareUses('export default NuxtAuthHandler({ callbacks: withRbac() })', names)).toEqual(['withRbac'])
    expect(findBareUses('await requireRole(event, "admin"); const r = await getRbac (event)', names)).toEqual(['requireRole', 'getRbac'])
  })

  it('accepts the util when it is imported, renamed in, or defined locally', () => {
    expect(findBareUses(`import { withRbac } from '#rbac-server'\nwithRbac()`, names)).toEqual([])
    expect(findBareUses(`import { other, withRbac as withRbac } from '#rbac-server'\nwithRbac()`, names)).toEqual([])
    expect(findBareUses(`import { requireRole } from "#imports"; requireRole(e, 'a')`, names)).toEqual([])
    expect(findBareUses('function getRbac() {}\ngetRbac()', names)).toEqual([])
  })

  it('ignores methods and longer names', () => {
    expect(findBareUses('rbac.requireRole(event); myRequireRole(event); x.withRbac()', names)).toEqual([])
  })
})
