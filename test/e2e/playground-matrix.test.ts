import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SIGNED_OUT, accessMatrix, columnRoles, matrixColumns } from '../../src/runtime/shared/audit/matrix'
import type { RbacAudit } from '../../src/runtime/shared/audit/types'
import { sessionCookie } from '../../src/test-utils'
import { request } from './helpers/auth'
import { TEST_SECRET, playgroundPath, setupBuiltApp } from './helpers/app'

// The audit's role × route matrix of the built playground, against what the server answers the
// same role (or a visitor without a session) on the same route: the matrix must never claim access
// the server refuses, or the reverse.
await setupBuiltApp(playgroundPath)

const audit = JSON.parse(readFileSync(join(playgroundPath, '.nuxt/rbac-audit.json'), 'utf8')) as RbacAudit
const decided = accessMatrix(audit)
  .filter(row => !(row.kind === 'api' && audit.api.find(route => route.route === row.route)?.status === 'auth'))
  .flatMap(row => matrixColumns(audit).flatMap(role => (row.access[role] === 'yes' || row.access[role] === 'no') ? [{ ...row, role, expected: row.access[role] }] : []))

describe('the role × route matrix agrees with the server', () => {
  it('covers every page and API route for every role', () => {
    expect(new Set(decided.map(cell => cell.role))).toEqual(new Set(matrixColumns(audit)))
    expect(decided.length).toBeGreaterThan(audit.roles.length * 10)
  })

  it.each(decided.map(cell => [cell.role, cell.method ?? cell.kind, cell.route, cell.expected, cell] as const))('%s %s %s: %s', async (role, _method, route, expected, cell) => {
    // A column is a role, a combination of roles a requirement names with `all`, or no session.
    const cookie = role === SIGNED_OUT ? undefined : await sessionCookie({ roles: columnRoles(audit, role), uid: `matrix-${role}` }, { secret: TEST_SECRET })
    const path = route.replace(/:[^/]+/g, '1')
    if (cell.kind === 'page') {
      const response = await request(path, cookie)
      if (expected === 'yes') {
        expect(response.status).toBe(200)
      }
      else {
        expect(response.status).toBe(302)
        expect(response.headers.get('location')).toMatch(role === SIGNED_OUT ? /^\/login\?/ : /^\/forbidden\?/)
      }
      return
    }
    const method = (cell.method ?? 'get').toUpperCase()
    const body = method === 'GET' || method === 'HEAD' ? undefined : '{}'
    const response = await request(path, cookie, { method, headers: body ? { 'content-type': 'application/json' } : {}, body })
    if (expected === 'yes') {
      expect([401, 403]).not.toContain(response.status)
    }
    else {
      expect(response.status).toBe(role === SIGNED_OUT ? 401 : 403)
    }
  })
})
