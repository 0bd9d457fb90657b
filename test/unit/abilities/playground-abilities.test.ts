import { subject } from '@casl/ability'
import { describe, expect, it } from 'vitest'
import definition from '../../../playground/shared/abilities'
import { expandHierarchy, effectiveRoles } from '../../../src/runtime/shared/roles/hierarchy'
import { runDefinition } from '../../../src/runtime/shared/abilities/rules-cache'
import { buildAbility, checkAbility } from '../../../src/runtime/shared/abilities/ability'

// The playground's configuration (playground/nuxt.config.ts).
const grants = expandHierarchy(['admin', 'editor', 'viewer', 'billing'], { admin: ['editor'], editor: ['viewer'] })

const users = {
  admin: { roles: ['admin'], uid: '1' },
  editor: { roles: ['editor'], uid: '2' },
  viewer: { roles: ['viewer'], uid: '3' },
  billing: { roles: ['billing'], uid: '6' },
  casey: { roles: ['editor', 'billing'], uid: '4' },
  none: { roles: [], uid: '5' },
} as const
type Who = keyof typeof users

const ownPost = (uid: string, extra = {}) => subject('Post', { id: 10, authorId: uid, locked: false, ...extra })
const othersPost = (extra = {}) => subject('Post', { id: 11, authorId: 'someone-else', locked: false, ...extra })
const lockedPost = () => othersPost({ locked: true })

// action, subject (a type name or a record made for the user), field → who is allowed.
// Everyone not listed in a row is denied.
const table: Array<[action: string, subject: string | ((uid: string) => object), field: string | undefined, allowed: Who[]]> = [
  ['read', 'Post', undefined, ['admin', 'editor', 'viewer', 'casey']],
  ['read', uid => ownPost(uid), undefined, ['admin', 'editor', 'viewer', 'casey']],
  ['create', 'Post', undefined, ['admin', 'editor', 'casey']],
  ['update', uid => ownPost(uid), undefined, ['admin', 'editor', 'casey']],
  ['update', () => othersPost(), undefined, ['admin']],
  ['delete', uid => ownPost(uid), undefined, ['admin']],
  ['delete', () => othersPost(), undefined, ['admin']],
  ['delete', () => lockedPost(), undefined, []],
  ['read', 'User', 'name', ['admin', 'editor', 'viewer', 'casey']],
  ['read', 'User', 'email', ['admin']],
  ['update', 'User', 'name', ['admin']],
  ['read', 'Invoice', undefined, ['admin', 'billing', 'casey']],
  ['delete', 'Invoice', undefined, ['admin']],
  ['read', 'Secret', undefined, ['admin']],
  ['publish', 'Post', undefined, ['admin']],
]

function abilityOf(who: Who) {
  const { roles, uid } = users[who]
  const { rules } = runDefinition(definition, effectiveRoles(roles, grants), uid)
  return buildAbility(rules)
}

describe('playground abilities: role × action × subject × field', () => {
  const everyone = Object.keys(users) as Who[]
  for (const [action, target, field, allowed] of table) {
    const label = `${action} ${typeof target === 'string' ? target : describeRecord(target)}${field ? `.${field}` : ''}`
    it.each(everyone.map(who => [who, allowed.includes(who)] as const))(`${label}: %s → %s`, (who, expected) => {
      const record = typeof target === 'string' ? target : target(users[who].uid)
      expect(checkAbility(abilityOf(who), action, record, field)).toBe(expected)
    })
  }
})

function describeRecord(make: (uid: string) => object): string {
  const record = make('me') as { authorId: string, locked: boolean }
  return `Post(${record.authorId === 'me' ? 'own' : 'other\'s'}${record.locked ? ', locked' : ''})`
}
