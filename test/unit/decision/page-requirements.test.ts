import { describe, expect, it } from 'vitest'
import { collectPageRequirements } from '../../../src/runtime/shared/decision/page-requirements'

describe('collectPageRequirements', () => {
  it('keeps every matched record\'s guard, parent first, so a child cannot weaken it', () => {
    const matched = [
      { meta: { role: 'admin' } },
      { meta: {} },
      { meta: { role: 'viewer', can: ['read', 'Post'] } },
    ]
    expect(collectPageRequirements(matched)).toEqual([{ role: 'admin' }, { role: 'viewer' }, { can: ['read', 'Post'] }])
  })

  it('reads the full form next to the short ones', () => {
    expect(collectPageRequirements([{ meta: { rbac: { role: ['editor', 'billing'], all: true }, can: ['read', 'Report'] } }]))
      .toEqual([{ role: ['editor', 'billing'], all: true }, { can: ['read', 'Report'] }])
  })

  it('turns a malformed rbac into a requirement that asks for nothing (never met)', () => {
    expect(collectPageRequirements([{ meta: { rbac: true } }])).toEqual([{}])
  })

  it('ignores inherited meta properties', () => {
    expect(collectPageRequirements([{ meta: Object.create({ role: 'admin' }) }])).toEqual([])
  })
})
