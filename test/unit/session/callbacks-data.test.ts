import { describe, expect, it } from 'vitest'
import { recordSignIn } from '../../../src/runtime/shared/session/sign-in'
import { exposeRoles } from '../../../src/runtime/shared/session/session-roles'
import { expandHierarchy } from '../../../src/runtime/shared/roles/hierarchy'
import type { RbacConfig } from '../../../src/runtime/shared/config'

const roles = ['admin', 'editor', 'viewer']
const config: RbacConfig = { roles, grants: expandHierarchy(roles, {}), sessionRolePath: 'role', redirect: {} }
const baseToken = { name: 'Ada', email: 'ada@example.com', sub: '1' }

describe('recordSignIn', () => {
  it('copies role, uid and access token onto the token', () => {
    const token = recordSignIn(baseToken, { id: 1, role: 'admin', access_token: 'secret-at' }, null, config)
    expect(token).toEqual({ ...baseToken, roles: ['admin'], role: 'admin', uid: '1', accessToken: 'secret-at' })
  })

  it('takes a roles array and the OAuth account access token', () => {
    const token = recordSignIn(baseToken, { id: 'u7', roles: ['viewer', 'editor'] }, { access_token: 'oauth-at' }, config)
    expect(token).toMatchObject({ roles: ['viewer', 'editor'], role: 'viewer', uid: 'u7', accessToken: 'oauth-at' })
  })

  it('drops an unknown role instead of granting a default, and clears a stale one', () => {
    const token = recordSignIn({ ...baseToken, role: 'admin' }, { id: 2, role: 'superuser' }, null, config)
    expect(token.roles).toEqual([])
    expect(token).not.toHaveProperty('role')
  })
})

describe('exposeRoles', () => {
  const token = { ...baseToken, roles: ['editor'], role: 'editor', uid: '2', accessToken: 'secret-at' }
  const session = { user: { name: 'Eddie' }, expires: '2030-01-01T00:00:00.000Z' }

  it('writes the guide shape by default', () => {
    expect(exposeRoles(session, token, config)).toEqual({ ...session, role: 'editor', roles: ['editor'], uid: '2' })
  })

  it('writes under user with sessionRolePath user.role', () => {
    expect(exposeRoles(session, token, { ...config, sessionRolePath: 'user.role' }))
      .toEqual({ ...session, user: { name: 'Eddie', role: 'editor', roles: ['editor'], uid: '2' } })
  })

  it('reads the guide\'s hand-written token shape (role, id)', () => {
    expect(exposeRoles(session, { role: 'viewer', id: 9, jwt: 'x' }, config)).toMatchObject({ role: 'viewer', roles: ['viewer'], uid: '9' })
  })

  it('does not touch the session it was given', () => {
    exposeRoles(session, token, config)
    expect(session).toEqual({ user: { name: 'Eddie' }, expires: '2030-01-01T00:00:00.000Z' })
  })
})
