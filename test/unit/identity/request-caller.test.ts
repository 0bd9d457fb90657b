import { subject } from '@casl/ability'
import { describe, expect, it, vi } from 'vitest'
import { defineAbilities } from '../../../src/runtime/shared/abilities/define-abilities'
import { RequestCaller } from '../../../src/runtime/server/identity/request-caller'
import type { CallerParts } from '../../../src/runtime/server/identity/request-caller'

// The app's abilities file (what `#rbac-definitions` points at in a built app), counting how often
// the module asks it for rules.
const asked = vi.hoisted(() => ({ count: 0 }))
vi.mock('#rbac-definitions', () => ({
  default: defineAbilities(({ roles, user }, { can }) => {
    asked.count++
    if (roles.includes('editor')) {
      can('update', 'Post', { authorId: user.uid })
    }
  }),
}))

const parts = (uid: string): CallerParts => ({ via: 'session', source: 'authjs', token: { sub: uid }, apiKey: undefined, from: 'cookie', claims: { sub: uid }, uid, roles: ['editor'], effectiveRoles: ['editor', 'viewer'] })

describe('the caller of a request', () => {
  it('builds its ability on first read only, once, for its own user', () => {
    // Counted from here: the other test's callers asked too when it ran first.
    const askedBefore = asked.count
    const caller = new RequestCaller(parts('u-lazy'))
    // A request that only checks roles reads these and never asks the definition.
    expect(caller.roles).toEqual(['editor'])
    expect(caller.effectiveRoles).toContain('viewer')
    expect(asked.count).toBe(askedBefore)
    const ability = caller.ability
    expect(asked.count).toBe(askedBefore + 1)
    expect(caller.ability).toBe(ability)
    expect(ability.can('update', subject('Post', { authorId: 'u-lazy' }) as never)).toBe(true)
    expect(ability.can('update', subject('Post', { authorId: 'someone-else' }) as never)).toBe(false)
  })

  it('keeps the ability out of its keys and its JSON, and shares it with no other caller', () => {
    const first = new RequestCaller(parts('u-a'))
    const second = new RequestCaller(parts('u-b'))
    expect(first.ability).not.toBe(second.ability)
    expect(Object.keys(first)).toEqual(['via', 'source', 'token', 'apiKey', 'from', 'claims', 'uid', 'roles', 'effectiveRoles'])
    expect(JSON.parse(JSON.stringify(first))).toEqual({ via: 'session', source: 'authjs', token: { sub: 'u-a' }, from: 'cookie', claims: { sub: 'u-a' }, uid: 'u-a', roles: ['editor'], effectiveRoles: ['editor', 'viewer'] })
  })
})
