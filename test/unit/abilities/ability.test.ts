import { subject } from '@casl/ability'
import { describe, expect, it } from 'vitest'
import { defineAbilities } from '../../../src/runtime/shared/abilities/define-abilities'
import type { AbilityDefinitionFn } from '../../../src/runtime/shared/abilities/define-abilities'
import { AbilityRulesCache, runDefinition } from '../../../src/runtime/shared/abilities/rules-cache'
import { buildAbility, checkAbility, pickFieldsFor } from '../../../src/runtime/shared/abilities/ability'

const abilityFrom = (define: AbilityDefinitionFn, roles: string[], uid?: string) =>
  buildAbility(runDefinition(defineAbilities(define), roles, uid).rules)

describe('rules from roles', () => {
  const define: AbilityDefinitionFn = ({ roles, user }, { can, cannot }) => {
    if (roles.includes('viewer')) can('read', 'Post')
    if (roles.includes('editor')) can('update', 'Post', { authorId: user.uid })
    if (roles.includes('admin')) {
      can('manage', 'all')
      cannot('delete', 'Post', { locked: true })
    }
    if (roles.includes('auditor')) can('read', 'Log')
  }

  it('combines several roles', () => {
    const ability = abilityFrom(define, ['viewer', 'auditor'])
    expect(checkAbility(ability, 'read', 'Post')).toBe(true)
    expect(checkAbility(ability, 'read', 'Log')).toBe(true)
    expect(checkAbility(ability, 'update', 'Post')).toBe(false)
  })

  it('lets cannot override can', () => {
    const ability = abilityFrom(define, ['admin'])
    expect(checkAbility(ability, 'delete', subject('Post', { locked: false }))).toBe(true)
    expect(checkAbility(ability, 'delete', subject('Post', { locked: true }))).toBe(false)
  })

  it('checks ownership conditions both ways', () => {
    const ability = abilityFrom(define, ['editor'], 'u1')
    expect(checkAbility(ability, 'update', subject('Post', { authorId: 'u1' }))).toBe(true)
    expect(checkAbility(ability, 'update', subject('Post', { authorId: 'u2' }))).toBe(false)
  })

  it('drops an ownership grant when the user has no id, instead of matching records without an author', () => {
    const ability = abilityFrom(define, ['editor'], undefined)
    expect(checkAbility(ability, 'update', subject('Post', {}))).toBe(false)
    expect(checkAbility(ability, 'update', subject('Post', { authorId: undefined }))).toBe(false)
  })

  it('denies a missing subject instead of checking it as `all`', () => {
    const ability = abilityFrom(define, ['admin'])
    for (const missing of [undefined, null, '', 0, false]) {
      expect(checkAbility(ability, 'read', missing)).toBe(false)
    }
    expect(checkAbility(ability, 'read', 'all')).toBe(true)
  })

  it('never takes the subject type from data a client sent', () => {
    const ability = abilityFrom(define, ['editor'], 'u1')
    const body = JSON.parse('{"__caslSubjectType__":"Post","authorId":"u1"}')
    expect(checkAbility(ability, 'update', body)).toBe(false)
    const spoofed = { authorId: 'u1', __caslSubjectType__: 'Post' }
    expect(checkAbility(ability, 'update', spoofed)).toBe(false)
    expect(checkAbility(ability, 'update', subject('Post', { authorId: 'u1' }))).toBe(true)
  })

  it.each([
    '{"constructor":{"name":"Post"},"authorId":"u1"}',
    '{"constructor":{"modelName":"Post"},"authorId":"u1"}',
    '{"modelName":"Post","authorId":"u1"}',
    '{"__proto__":{"constructor":{"name":"Post"}},"authorId":"u1"}',
    '{"__proto__":{"__caslSubjectType__":"Post"},"authorId":"u1"}',
  ])('never takes the subject type from own keys of a body: %s', (json) => {
    const ability = abilityFrom(define, ['editor'], 'u1')
    expect(checkAbility(ability, 'update', JSON.parse(json))).toBe(false)
  })

  it('detects class instances by class name', () => {
    class Post { constructor(public authorId: string) {} }
    const ability = abilityFrom(define, ['editor'], 'u1')
    expect(checkAbility(ability, 'update', new Post('u1'))).toBe(true)
    expect(checkAbility(ability, 'update', new Post('u2'))).toBe(false)
    class Article { static modelName = 'Post'; constructor(public authorId: string) {} }
    expect(checkAbility(ability, 'update', new Article('u1'))).toBe(true)
  })

  it('rejects an asynchronous definition', () => {
    expect(() => runDefinition(defineAbilities((async () => {}) as unknown as AbilityDefinitionFn), [], undefined))
      .toThrow(/must be synchronous/)
  })
})

describe('field-level rules', () => {
  const define: AbilityDefinitionFn = ({ roles }, { can, cannot }) => {
    if (roles.includes('viewer')) can('read', 'User', ['name', 'avatar'])
    if (roles.includes('admin')) {
      can('read', 'User')
      cannot('read', 'User', ['passwordHash'])
    }
  }
  const user = { id: 'u9', name: 'Nia', avatar: 'n.png', email: 'nia@example.com', passwordHash: 'x' }

  it('checks single fields', () => {
    const viewer = abilityFrom(define, ['viewer'])
    expect(checkAbility(viewer, 'read', 'User', 'name')).toBe(true)
    expect(checkAbility(viewer, 'read', 'User', 'email')).toBe(false)
    expect(checkAbility(viewer, 'read', 'User', '')).toBe(false)
  })

  it('picks the permitted fields of a record, in the record\'s order', () => {
    expect(pickFieldsFor(abilityFrom(define, ['viewer']), 'read', user, 'User')).toEqual({ name: 'Nia', avatar: 'n.png' })
    expect(pickFieldsFor(abilityFrom(define, ['admin']), 'read', user, 'User'))
      .toEqual({ id: 'u9', name: 'Nia', avatar: 'n.png', email: 'nia@example.com' })
    expect(pickFieldsFor(abilityFrom(define, []), 'read', user, 'User')).toEqual({})
  })
})

describe('rules cache', () => {
  it('runs a definition once per role set when it does not read the user', () => {
    let runs = 0
    const cache = new AbilityRulesCache(defineAbilities(({ roles }, { can }) => {
      runs++
      if (roles.includes('viewer')) can('read', 'Post')
    }))
    const first = cache.rulesFor(['viewer', 'editor'], 'u1')
    expect(cache.rulesFor(['editor', 'viewer'], 'u2')).toBe(first)
    cache.rulesFor(['viewer'], 'u1')
    expect(runs).toBe(2)
  })

  it('runs once per role set and user when it reads the user, and never mixes users', () => {
    let runs = 0
    const cache = new AbilityRulesCache(defineAbilities(({ user }, { can }) => {
      runs++
      can('update', 'Post', { authorId: user.uid })
    }))
    const mine = buildAbility(cache.rulesFor(['editor'], 'u1'))
    const yours = buildAbility(cache.rulesFor(['editor'], 'u2'))
    cache.rulesFor(['editor'], 'u1')
    expect(runs).toBe(2)
    expect(checkAbility(mine, 'update', subject('Post', { authorId: 'u1' }))).toBe(true)
    expect(checkAbility(yours, 'update', subject('Post', { authorId: 'u1' }))).toBe(false)
  })

  it('hands out frozen rules that a caller cannot change', () => {
    const cache = new AbilityRulesCache(defineAbilities((_input, { can }) => can('read', 'Post', { published: true })))
    const rules = cache.rulesFor([], undefined)
    expect(Object.isFrozen(rules)).toBe(true)
    expect(Object.isFrozen(rules[0]!.conditions)).toBe(true)
  })

  it('keeps at most maxEntries rule sets', () => {
    let runs = 0
    const cache = new AbilityRulesCache(defineAbilities(({ user }, { can }) => {
      runs++
      can('read', 'Post', { authorId: user.uid })
    }), 2)
    cache.rulesFor([], 'a')
    cache.rulesFor([], 'b')
    cache.rulesFor([], 'c')
    cache.rulesFor([], 'a')
    expect(runs).toBe(4)
  })
})

describe('defineAbilities', () => {
  it('refuses anything but a function', () => {
    expect(() => defineAbilities('nope' as unknown as AbilityDefinitionFn)).toThrow(/takes a function/)
  })
})
