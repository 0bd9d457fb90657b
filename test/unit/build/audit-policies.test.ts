import { describe, expect, it } from 'vitest'
import { buildAudit } from '../../../src/build/audit/audit'
import type { AuditInput } from '../../../src/build/audit/audit'
import { findGuards, readHandler } from '../../../src/build/audit/guards'
import { pagesNamingPolicies } from '../../../src/build/audit/page-policies'
import { readPolicyGuests } from '../../../src/build/audit/policy-file'
import { auditTable, matrixTable } from '../../../src/build/audit/table'
import { extractRouteRules } from '../../../src/build/route-rules'
import { SIGNED_OUT, accessMatrix } from '../../../src/runtime/shared/audit/matrix'
import type { FoundGuard } from '../../../src/runtime/shared/audit/types'
import type { RbacRawRule } from '../../../src/runtime/shared/abilities/define-abilities'

const handler = (body: string, params = 'event') => `export default defineEventHandler(async (${params}) => {\n${body}\n})`
const POLICIES = new Map([['post.publish', false], ['post.read', true]])
const read = (body: string) => findGuards(handler(body), 'a.ts', { policyGuests: name => POLICIES.get(name) })

describe('requirePolicy in the audit', () => {
  it('is a guard: the policy\'s name, and whether it takes guests when the policies file says so', () => {
    expect(read(`const post = await findPost(1)\nawait requirePolicy(event, 'post.publish', post)`)).toEqual([{ kind: 'policy', name: 'post.publish', guests: false }])
    expect(read(`await requirePolicy(event, 'post.read', await findPost(1))`)).toEqual([{ kind: 'policy', name: 'post.read', guests: true }])
    expect(read(`return requirePolicy(event, 'not.in.the.file')`)).toEqual([{ kind: 'policy', name: 'not.in.the.file' }])
    expect(read(`await requirePolicy(event, name, post)`)).toEqual([{ kind: 'dynamic', call: 'requirePolicy' }])
  })

  it.each([
    ['not awaited', `requirePolicy(event, 'post.publish', post)\nreturn post`, /not awaited every time/],
    ['inside an if', `if (post) {\n  await requirePolicy(event, 'post.publish', post)\n}`, /not awaited every time/],
    ['with its refusal caught', `await requirePolicy(event, 'post.publish', post).catch(() => null)`, /not awaited every time/],
    ['after a send', `await send(event, 'secret')\nawait requirePolicy(event, 'post.publish', post)`, /send\(\), which may answer first/],
    ['after a return', `if (getQuery(event).fast) return post\nawait requirePolicy(event, 'post.publish', post)`, /may answer first/],
    ['on another event', `await requirePolicy(other, 'post.publish', post)`, /another event/],
  ])('does not count it %s', (_label, body, why) => {
    expect(read(body)).toMatchObject([{ kind: 'ineffective', call: 'requirePolicy', why: expect.stringMatching(why) }])
  })

  it('does not count one that is not the module\'s', () => {
    const code = `import { requirePolicy } from './my-policies'\n${handler(`await requirePolicy(event, 'post.publish', post)`)}`
    expect(findGuards(code, 'a.ts')).toMatchObject([{ kind: 'ineffective', why: expect.stringMatching(/not the module's/) }])
    expect(findGuards(`import { requirePolicy } from '#rbac-server'\n${handler(`await requirePolicy(event, 'post.publish', post)`)}`, 'a.ts'))
      .toEqual([{ kind: 'policy', name: 'post.publish' }])
  })

  it('makes the route guarded, and a query before it a side effect', () => {
    const reading = readHandler(handler(`const post = await findPost(1)\nawait requirePolicy(event, 'post.publish', post)`), 'a.ts')
    const audit = buildAudit(input([{ route: '/api/posts/:id', guards: reading.guards, sideEffects: reading.sideEffects }]))
    expect(audit.api[0]!.status).toBe('guarded')
    expect(audit.problems).toMatchObject([{ kind: 'side-effect-before-guard', calls: ['findPost()'] }])
  })
})

describe('the module\'s checks that cannot answer, before a guard', () => {
  it.each([
    `const allowed = await allowsPolicy(event, 'post.read', post)`,
    `const readable = await accessibleBy(event, 'read', 'Post')`,
    `const caller = await requirePolicy(event, 'post.read', post)`,
  ])('%s is neither an answer nor a side effect', (before) => {
    const reading = readHandler(handler(`${before}\nawait requireRole(event, 'admin')`), 'a.ts')
    expect(reading.guards.at(-1)).toEqual({ kind: 'role', roles: ['admin'], all: false })
    expect(reading.sideEffects).toEqual([])
  })
})

describe('allowsPolicy and accessibleBy in the audit', () => {
  it('reads allowsPolicy as a check the handler acts on itself', () => {
    expect(read(`if (!await allowsPolicy(event, 'post.publish', post)) throw createError({ statusCode: 403 })`)).toEqual([{ kind: 'custom', call: 'allowsPolicy' }])
  })

  it('reads accessibleBy as a filter, which refuses visitors only when awaited before anything may answer', () => {
    expect(read(`const readable = await accessibleBy(event, 'read', 'Post')`)).toEqual([{ kind: 'filter', call: 'accessibleBy', action: 'read', subject: 'Post', refusesVisitors: true }])
    expect(read(`setResponseHeader(event, 'x', 'y')\nconst readable = await accessibleBy(event, 'read', 'Post')`)).toMatchObject([{ kind: 'filter', refusesVisitors: false }])
    expect(read(`const readable = accessibleBy(event, action, 'Post')`)).toEqual([{ kind: 'filter', call: 'accessibleBy', subject: 'Post', refusesVisitors: false }])
  })

  it('leaves a route that only filters unguarded, and says why', () => {
    const audit = buildAudit(input([{ route: '/api/posts', guards: read(`const readable = await accessibleBy(event, 'read', 'Post')`) }]))
    expect(audit.api[0]!.status).toBe('unguarded')
    expect(audit.problems[0]).toMatchObject({ kind: 'unguarded', detail: expect.stringMatching(/accessibleBy, which refuses no signed-in caller .*visitors get 401.*rbac\.public/) })
  })
})

describe('requireAbility options in the audit', () => {
  it('reads { notFound } and { guests }, and a field in the options', () => {
    expect(read(`await requireAbility(event, 'read', post && subject('Post', post), { notFound: true })`)).toEqual([{ kind: 'record', action: 'read' }])
    expect(read(`await requireAbility(event, 'read', post && subject('Post', post), { notFound: true, guests: true })`)).toEqual([{ kind: 'record', action: 'read', guests: true }])
    expect(read(`await requireAbility(event, 'read', 'Post', { guests: true, field: 'title' })`)).toEqual([{ kind: 'ability', action: 'read', subject: 'Post', field: 'title', guests: true }])
    expect(read(`await requireAbility(event, 'read', 'Post', 'title')`)).toEqual([{ kind: 'ability', action: 'read', subject: 'Post', field: 'title' }])
  })

  it('never reads options it cannot see as options that keep visitors out', () => {
    expect(read(`await requireAbility(event, 'read', 'Post', options)`)).toEqual([{ kind: 'dynamic', call: 'requireAbility' }])
    expect(read(`await requireAbility(event, 'read', 'Post', { guests: allowGuests })`)).toEqual([{ kind: 'dynamic', call: 'requireAbility' }])
  })
})

describe('the matrix and the table', () => {
  const GUEST_RULES: RbacRawRule[] = [{ action: 'read', subject: 'Post', conditions: { published: true } }]
  const routes: Array<{ route: string, guards: FoundGuard[] }> = [
    { route: '/api/publish', guards: [{ kind: 'policy', name: 'post.publish', guests: false }] },
    { route: '/api/public', guards: [{ kind: 'policy', name: 'post.read', guests: true }] },
    { route: '/api/unknown', guards: [{ kind: 'policy', name: 'elsewhere' }] },
    { route: '/api/editors', guards: [{ kind: 'role', roles: ['editor'], all: false }, { kind: 'policy', name: 'post.publish', guests: false }] },
    { route: '/api/list', guards: [{ kind: 'filter', call: 'accessibleBy', action: 'read', subject: 'Post', refusesVisitors: true }] },
    { route: '/api/visible', guards: [{ kind: 'record', action: 'read', guests: true }] },
    { route: '/api/all', guards: [{ kind: 'ability', action: 'read', subject: 'Post', guests: true }] },
  ]
  const access = (guestRules?: RbacRawRule[]) => Object.fromEntries(accessMatrix(buildAudit({ ...input(routes), guestRules })).map(row => [row.route, row.access]))

  it('shows a policy as depending on the record for every role, and refuses visitors unless it takes guests', () => {
    const matrix = access()
    expect(matrix['/api/publish']).toEqual({ editor: 'record', viewer: 'record', [SIGNED_OUT]: 'no' })
    expect(matrix['/api/public']).toEqual({ editor: 'record', viewer: 'record', [SIGNED_OUT]: 'record' })
    expect(matrix['/api/unknown']![SIGNED_OUT]).toBe('code')
    expect(matrix['/api/editors']).toEqual({ editor: 'record', viewer: 'no', [SIGNED_OUT]: 'no' })
  })

  it('shows a filter as the handler\'s own decision, and visitors refused only without guest rules', () => {
    expect(access()['/api/list']).toEqual({ editor: 'code', viewer: 'code', [SIGNED_OUT]: 'no' })
    expect(access(GUEST_RULES)['/api/list']![SIGNED_OUT]).toBe('code')
  })

  it('lets visitors through requireAbility(…, { guests: true }) on the guest rules only', () => {
    expect(access()['/api/visible']![SIGNED_OUT]).toBe('no')
    expect(access()['/api/all']![SIGNED_OUT]).toBe('no')
    expect(access(GUEST_RULES)['/api/visible']![SIGNED_OUT]).toBe('record')
    expect(access(GUEST_RULES)['/api/all']![SIGNED_OUT]).toBe('yes')
  })

  it('names the policy and who it takes in the table', () => {
    const audit = buildAudit(input(routes))
    const table = auditTable(audit)
    expect(table).toMatch(/\/api\/publish\s+requirePolicy 'post\.publish'\n/)
    expect(table).toMatch(/\/api\/public\s+requirePolicy 'post\.read' \(visitors too\)/)
    expect(table).toMatch(/\/api\/list\s+UNGUARDED \(accessibleBy read Post, a filter \(refuses no signed-in caller, visitors 401\)\)/)
    expect(table).toMatch(/\/api\/visible\s+requireAbility read on a record \(visitors too, on guest rules\)/)
    expect(matrixTable(audit, accessMatrix(audit))).toMatch(/\/api\/publish\s+record\s+record\s+·/)
  })
})

describe('which policies take guests, read from the policies file', () => {
  it('reads definePolicy calls without running the file', () => {
    const code = [
      `import { db } from './utils/db'`,
      `export const a = definePolicy('post.publish', async ({ caller }, post) => db.ok(caller, post))`,
      `export const b = definePolicy('post.read', () => true, { guests: true, timeout: 100 })`,
      `export const c = definePolicy('fault.hangs', () => true, { timeout: 200 })`,
      `export const d = definePolicy('spread', () => true, { guests: true, ...more })`,
      `export const e = definePolicy(NAME, () => true)`,
    ].join('\n')
    expect(Object.fromEntries(readPolicyGuests(code, 'rbac-policies.ts'))).toEqual({ 'post.publish': false, 'post.read': true, 'fault.hangs': false })
  })
})

describe('a requirement in configuration that names a policy', () => {
  it('is a build error in routeRules, with the fix', () => {
    expect(() => extractRouteRules({ '/api/posts/**': { rbac: { policy: 'post.publish' } } }, ['editor']))
      .toThrow(`[nuxt-auth-rbac] routeRules['/api/posts/**'].rbac names a policy ("post.publish"), which a route rule cannot ask for: a rule cannot give a policy the record it decides on. Call requirePolicy(event, "post.publish", record) in the route's handler once it has loaded the record; keep a role or can in the rule if every request needs one.`)
  })

  it('is a build error in definePageMeta, with the fix', () => {
    const routes = [{ path: '/posts', file: '/app/pages/posts.vue', meta: { rbac: { role: 'editor' } }, children: [
      { path: ':id', file: '/app/pages/posts/[id].vue', meta: { rbac: { policy: 'post.publish' } } },
    ] }]
    expect(pagesNamingPolicies(routes, '/app')).toEqual([
      `[nuxt-auth-rbac] pages/posts/[id].vue: definePageMeta({ rbac }) names a policy ("post.publish"), which a page cannot ask for: policies run on the server only, a page's guard runs in the browser too, and page meta cannot give a policy the record it decides on. Call requirePolicy(event, "post.publish", record) in the server route that loads the page's data, and show its 403/404 on the page; keep a role or can here if the page itself needs one.`,
    ])
    expect(pagesNamingPolicies([{ file: '/app/pages/a.vue', meta: { rbac: { role: 'editor' } } }], '/app')).toEqual([])
  })
})

function input(handlers: Array<{ route: string, guards: FoundGuard[], sideEffects?: string[] }>): AuditInput {
  return {
    roles: ['editor', 'viewer'],
    grants: { editor: ['editor', 'viewer'], viewer: ['viewer'] },
    abilities: { editor: [{ action: 'read', subject: 'Post' }], viewer: [{ action: 'read', subject: 'Post' }] },
    pages: [],
    handlers: handlers.map(handler => ({ method: 'get', file: 'server/api/x.ts', ...handler })),
    rules: [],
    publicPatterns: [],
    authBasePath: '/api/auth',
  }
}
