import { describe, expect, it } from 'vitest'
import { normaliseRoles, readAssignedRoles } from '../../../src/runtime/shared/roles/known-roles'

const known = new Set(['admin', 'editor', 'viewer'])

describe('normaliseRoles', () => {
  it('keeps known roles in order, once', () => {
    expect(normaliseRoles(['editor', 'viewer', 'editor'], known)).toEqual(['editor', 'viewer'])
  })

  it('takes a list only', () => {
    expect(normaliseRoles('admin', known)).toEqual([])
  })

  it.each([
    ['upper case', 'ADMIN'],
    ['leading space', ' admin'],
    ['trailing space', 'admin '],
    ['comma list', 'admin,viewer'],
    ['prototype key', '__proto__'],
    ['constructor', 'constructor'],
    ['toString', 'toString'],
    ['substring', 'adm'],
    ['nested array', [['admin']]],
    ['number', 1],
    ['null', null],
    ['object', { role: 'admin' }],
    ['String object', new String('admin')],
  ])('drops %s', (_label, value) => {
    expect(normaliseRoles([value], known)).toEqual([])
    expect(readAssignedRoles({ role: value }, known)).toEqual([])
  })
})

describe('readAssignedRoles', () => {
  it('reads roles (array) before role (string)', () => {
    expect(readAssignedRoles({ roles: ['viewer'], role: 'admin' }, known)).toEqual(['viewer'])
    expect(readAssignedRoles({ role: 'editor' }, known)).toEqual(['editor'])
  })

  it('treats ["admin"] as a role value (not an array of roles) as no role', () => {
    expect(readAssignedRoles({ role: ['admin'] }, known)).toEqual([])
  })

  it('ignores inherited properties and non-objects', () => {
    const inherited = Object.create({ role: 'admin' })
    expect(readAssignedRoles(inherited, known)).toEqual([])
    expect(readAssignedRoles('admin', known)).toEqual([])
    expect(readAssignedRoles(null, known)).toEqual([])
    expect(readAssignedRoles(JSON.parse('{"__proto__": {"role": "admin"}}'), known)).toEqual([])
  })
})
