import { subject } from '@casl/ability'
import { describe, expect, it } from 'vitest'
import { defineAbilities } from '../../../src/runtime/shared/abilities/define-abilities'
import { runDefinition } from '../../../src/runtime/shared/abilities/rules-cache'
import { buildAbility } from '../../../src/runtime/shared/abilities/ability'
import { parseRequirement, satisfiesRoles, unmetPart } from '../../../src/runtime/shared/decision/requirement'
import type { Caller, Requirement } from '../../../src/runtime/shared/decision/requirement'

const definition = defineAbilities(({ roles, user }, { can }) => {
  if (roles.includes('viewer')) can('read', 'Report')
  if (roles.includes('editor')) can('update', 'Post', { authorId: user.uid })
})
function caller(effectiveRoles: string[], uid = 'u1'): Caller & { built: () => number } {
  let built = 0
  return {
    effectiveRoles,
    ability: () => {
      built++
      return buildAbility(runDefinition(definition, effectiveRoles, uid).rules)
    },
    built: () => built,
  }
}

describe('satisfiesRoles', () => {
  it('any of, or all of, exactly', () => {
    expect(satisfiesRoles(['editor', 'viewer'], ['admin', 'editor'])).toBe(true)
    expect(satisfiesRoles(['editor', 'viewer'], ['admin', 'editor'], true)).toBe(false)
    expect(satisfiesRoles(['editor', 'billing'], ['editor', 'billing'], true)).toBe(true)
    expect(satisfiesRoles(['Admin'], 'admin')).toBe(false)
  })

  it('an empty or malformed list is never satisfied', () => {
    expect(satisfiesRoles(['admin'], [])).toBe(false)
    expect(satisfiesRoles(['admin'], [], true)).toBe(false)
    expect(satisfiesRoles(['admin'], [1])).toBe(false)
    expect(satisfiesRoles([], 'admin')).toBe(false)
  })
})

describe('unmetPart: the one decision', () => {
  it.each([
    [{ role: 'viewer' }, ['viewer'], undefined],
    [{ role: ['admin', 'billing'], all: true }, ['admin'], 'role'],
    [{ can: ['read', 'Report'] }, ['viewer'], undefined],
    [{ can: ['read', 'Report'] }, ['editor'], 'can'],
    [{ role: 'viewer', can: ['update', 'Post'] }, ['viewer'], 'can'],
    [{ role: 'editor', can: ['update', 'Post'] }, ['editor'], undefined],
    [{}, ['admin'], 'nothing asked'],
    [{ can: ['read'] }, ['viewer'], 'can'],
  ] as const)('%j for %j → %s', (requirement, roles, expected) => {
    expect(unmetPart(requirement as Requirement, caller([...roles]))).toBe(expected)
  })

  it('checks records, and a missing one is denied', () => {
    expect(unmetPart({ can: ['update', subject('Post', { authorId: 'u1' })] }, caller(['editor']))).toBeUndefined()
    expect(unmetPart({ can: ['update', subject('Post', { authorId: 'u2' })] }, caller(['editor']))).toBe('can')
    expect(unmetPart({ can: ['update', undefined] }, caller(['editor']))).toBe('can')
  })

  it('builds the ability only when a `can` asks', () => {
    const roleOnly = caller(['viewer'])
    unmetPart({ role: 'viewer' }, roleOnly)
    expect(roleOnly.built()).toBe(0)
  })
})

describe('parseRequirement', () => {
  const known = new Set(['admin', 'viewer'])
  it('accepts roles, all and can', () => {
    expect(parseRequirement({ role: 'admin' }, known)).toEqual({ role: ['admin'] })
    expect(parseRequirement({ role: ['admin', 'viewer'], all: true, can: ['read', 'Report', 'total'] }, known))
      .toEqual({ role: ['admin', 'viewer'], all: true, can: ['read', 'Report', 'total'] })
  })

  it.each([
    [true, /must be an object/],
    [{}, /asks for nothing/],
    [{ rol: 'admin' }, /unknown key 'rol'/],
    [{ role: 'admn' }, /\.role names "admn", which is not in rbac\.roles/],
    [{ role: [] }, /\.role must name a role/],
    [{ role: 'admin', all: 'yes' }, /\.all must be true or false/],
    [{ can: ['read'] }, /\.can must be \[action, subject type\]/],
    [{ can: ['read', ''] }, /\.can must be/],
    [{ can: 'read Report' }, /\.can must be/],
  ])('refuses %j', (value, message) => {
    expect(parseRequirement(value, known)).toMatch(message)
  })

  it('refuses a policy, which needs the record a handler loads, and says to call requirePolicy there', () => {
    expect(parseRequirement({ role: 'admin', policy: 'post.publish' }, known))
      .toMatch(/^names a policy \("post\.publish"\), which a route rule cannot ask for: .*Call requirePolicy\(event, "post\.publish", record\) in the route's handler/)
    expect(parseRequirement({ policy: 'post.publish' }, known, 'page'))
      .toMatch(/^names a policy \("post\.publish"\), which a page cannot ask for: policies run on the server only, a page's guard runs in the browser too/)
  })
})
