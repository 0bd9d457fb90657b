import { subject } from '@casl/ability'
import { describe, expect, it } from 'vitest'
import { defineAbilities } from '../../../src/runtime/shared/abilities/define-abilities'
import { AbilityRulesCache } from '../../../src/runtime/shared/abilities/rules-cache'
import { buildAbility, checkAbility, refusingRule } from '../../../src/runtime/shared/abilities/ability'

const definition = defineAbilities(({ roles, guest }, { can, cannot }) => {
  if (guest) can('read', 'Post', { published: true })
  if (roles.includes('editor')) {
    can('update', 'Post')
    cannot('update', 'Post', { locked: true }).because('Locked posts cannot be edited', { expose: true })
    cannot('update', 'Post', { pinned: true }).because('pinned by moderation')
  }
}, { guests: true })

describe('because()', () => {
  const ability = buildAbility(new AbilityRulesCache(definition).rulesFor(['editor'], 'u1'))

  it('names the cannot rule that refused, and whether its reason may be shown', () => {
    expect(refusingRule(ability, ['update', subject('Post', { locked: true })])).toEqual({ reason: 'Locked posts cannot be edited', expose: true })
    expect(refusingRule(ability, ['update', subject('Post', { pinned: true })])).toEqual({ reason: 'pinned by moderation', expose: false })
  })

  it('gives no reason when no cannot rule decided', () => {
    expect(refusingRule(ability, ['update', subject('Post', {})])).toBeUndefined()
    expect(refusingRule(ability, ['delete', subject('Post', { locked: true })])).toBeUndefined()
    expect(refusingRule(ability, ['update', null])).toBeUndefined()
  })

  it('takes a non-empty string only', () => {
    const bad = defineAbilities((_, { cannot }) => {
      cannot('read', 'Post').because('' as string)
    })
    expect(() => new AbilityRulesCache(bad).rulesFor(['viewer'], undefined)).toThrow(/non-empty string/)
  })
})

describe('guests', () => {
  it('get the rules the definition gives guest: true, apart from a signed-in user without roles', () => {
    const cache = new AbilityRulesCache(definition)
    const published = subject('Post', { published: true })
    expect(checkAbility(buildAbility(cache.rulesFor([], undefined, true)), 'read', published)).toBe(true)
    expect(checkAbility(buildAbility(cache.rulesFor([], undefined)), 'read', published)).toBe(false)
    expect(checkAbility(buildAbility(cache.rulesFor([], undefined, true)), 'read', subject('Post', { published: false }))).toBe(false)
  })

  it('are off unless the definition says so', () => {
    expect(definition.guests).toBe(true)
    expect(defineAbilities(() => {}).guests).toBe(false)
  })
})
