import { describe, expect, it } from 'vitest'
import { parseRequirement, unmetPart } from '../../../src/runtime/shared/decision/requirement'
import { apiClientSettings } from '../../../src/build/api-clients'
import { buildAudit } from '../../../src/build/audit/audit'

const known = new Set(['admin', 'editor'])
function notAsked(): never {
  throw new Error('the ability is not asked for a role check')
}
const caller = (via: 'session' | 'api-key' | undefined) => ({ effectiveRoles: ['admin'], ability: notAsked, via })

describe('via in the requirement', () => {
  it('absent: any credential; given: only those listed, checked before the role', () => {
    expect(unmetPart({ role: 'admin' }, caller('api-key'))).toBeUndefined()
    expect(unmetPart({ role: 'admin', via: ['session'] }, caller('api-key'))).toBe('via')
    expect(unmetPart({ role: 'admin', via: ['session'] }, caller('session'))).toBeUndefined()
    expect(unmetPart({ role: 'editor', via: ['api-key'] }, caller('api-key'))).toBe('role')
    // The app's page guard knows only sessions.
    expect(unmetPart({ role: 'admin', via: ['api-key'] }, caller(undefined))).toBe('via')
    // A malformed list accepts nothing, and via alone asks for nothing.
    expect(unmetPart({ role: 'admin', via: 'session' as never }, caller('session'))).toBe('via')
    expect(unmetPart({ via: ['session'] }, caller('session'))).toBe('nothing asked')
  })

  it('route rules take a non-empty list of session and api-key', () => {
    expect(parseRequirement({ role: 'admin', via: ['session', 'api-key', 'session'] }, known)).toEqual({ role: ['admin'], via: ['session', 'api-key'] })
    for (const via of [[], 'session', ['cookie'], ['Session'], [null]]) {
      expect(parseRequirement({ role: 'admin', via }, known), JSON.stringify(via)).toMatch(/^\.via must list/)
    }
  })
})

describe('rbac.bearer and rbac.apiKeys at build', () => {
  const authjs = { source: 'authjs' as const, hasRolesResolver: true }

  it('off by default; true takes the defaults', () => {
    expect(apiClientSettings({}, authjs)).toEqual({ bearer: false, apiKeys: undefined })
    expect(apiClientSettings({ bearer: true, apiKeys: true }, authjs)).toEqual({
      bearer: true,
      apiKeys: { prefix: 'rbac', header: 'authorization', scheme: 'Bearer', defaultExpiresIn: 7776000, maxExpiresIn: 31536000 },
    })
    expect(apiClientSettings({ apiKeys: { prefix: 'acme', header: 'X-Api-Key' } }, authjs).apiKeys).toMatchObject({ prefix: 'acme', header: 'x-api-key', scheme: '' })
  })

  it('API keys without a roles resolver are refused, and say why', () => {
    expect(() => apiClientSettings({ apiKeys: true }, { source: 'authjs', hasRolesResolver: false })).toThrow(/needs a roles resolver.*server\/rbac-roles\.ts/)
  })

  it('bearer is for authjs; bad prefixes, headers and lifetimes name the option', () => {
    expect(() => apiClientSettings({ bearer: true }, { source: 'local', hasRolesResolver: true })).toThrow(/rbac\.bearer is for the authjs provider/)
    expect(() => apiClientSettings({ bearer: 'yes' }, authjs)).toThrow(/rbac\.bearer must be true or false/)
    expect(() => apiClientSettings({ apiKeys: { prefix: 'My_App' } }, authjs)).toThrow(/rbac\.apiKeys\.prefix/)
    expect(() => apiClientSettings({ apiKeys: { header: 'Cookie' } }, authjs)).toThrow(/rbac\.apiKeys\.header/)
    expect(() => apiClientSettings({ apiKeys: { header: 'x api key' } }, authjs)).toThrow(/rbac\.apiKeys\.header/)
    expect(() => apiClientSettings({ apiKeys: { defaultExpiresIn: 10, maxExpiresIn: 5 } }, authjs)).toThrow(/defaultExpiresIn/)
    expect(() => apiClientSettings({ apiKeys: { maxExpiresIn: 0 } }, authjs)).toThrow(/maxExpiresIn/)
    expect(() => apiClientSettings({ apiKeys: { prefx: 'a' } as never }, authjs)).toThrow(/unknown key 'prefx'/)
  })
})

describe('the audit says which routes accept keys', () => {
  const audit = (credentials: Array<'session' | 'api-key'>) => buildAudit({
    roles: ['admin'],
    grants: { admin: ['admin'] },
    abilities: {},
    pages: [],
    handlers: [
      { route: '/api/export', method: 'get', file: 'export.get.ts', guards: [{ kind: 'role', roles: ['admin'], all: false }] },
      { route: '/api/admin/users', method: 'get', file: 'users.get.ts', guards: [] },
      { route: '/api/admin/keys', method: 'post', file: 'keys.post.ts', guards: [{ kind: 'requirement', role: ['admin'], via: ['session'] }] },
      { route: '/api/open', method: 'get', file: 'open.get.ts', guards: [] },
    ],
    rules: [{ pattern: '/api/admin/**', rbac: { role: ['admin'], via: ['session', 'api-key'] } }],
    publicPatterns: ['/api/open'],
    authBasePath: '/api/auth',
    credentials,
  })

  it('every covering rule and literal guard must accept the key', () => {
    const accepts = Object.fromEntries(audit(['session', 'api-key']).api.map(route => [route.route, route.accepts]))
    expect(accepts).toEqual({
      '/api/export': ['session', 'api-key'],
      '/api/admin/users': ['session', 'api-key'],
      '/api/admin/keys': ['session'],
      '/api/open': undefined,
    })
  })

  it('nothing is said without API keys', () => {
    expect(audit(['session']).api.every(route => route.accepts === undefined)).toBe(true)
  })
})
