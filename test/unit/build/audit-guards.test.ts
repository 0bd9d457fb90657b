import { describe, expect, it } from 'vitest'
import { findGuards } from '../../../src/build/audit/guards'

const handler = (body: string) => `export default defineEventHandler(async (event) => {\n${body}\n})`

describe('findGuards', () => {
  it('reads role guards with their literal arguments', () => {
    expect(findGuards(handler(`await requireRole(event, 'admin')`), 'a.ts')).toEqual([{ kind: 'role', roles: ['admin'], all: false }])
    expect(findGuards(handler(`const { uid } = await requireRole(event, ['editor', 'billing'], { all: true })`), 'a.ts'))
      .toEqual([{ kind: 'role', roles: ['editor', 'billing'], all: true }])
  })

  it('tells an ability on a subject type from one on a record', () => {
    const code = handler(`await requireAbility(event, 'update', 'Post')\nconst post = await find()\nawait requireAbility(event, 'update', subject('Post', post))`)
    expect(findGuards(code, 'a.ts')).toEqual([{ kind: 'ability', action: 'update', subject: 'Post' }, { kind: 'record', action: 'update' }])
  })

  it('reads a requirement object', () => {
    expect(findGuards(handler(`await requireRbac(event, { role: ['editor', 'billing'], all: true, can: ['read', 'Report'] })`), 'a.ts'))
      .toEqual([{ kind: 'requirement', role: ['editor', 'billing'], all: true, can: ['read', 'Report'] }])
  })

  it('marks guards whose arguments are not literals, and checks the handler does itself', () => {
    expect(findGuards(handler(`await requireRole(event, wanted)\nif (await hasRole(event, 'admin')) {}`), 'a.ts'))
      .toEqual([{ kind: 'dynamic', call: 'requireRole' }, { kind: 'custom', call: 'hasRole' }])
  })

  it('is not fooled by names in strings, comments or properties', () => {
    expect(findGuards(handler(`// requireRole(event, 'admin')\nconst text = "requireRole(event, 'admin')"\nrbac.requireRole(event, 'admin')`), 'a.ts')).toEqual([])
  })

  it('reads TypeScript', () => {
    expect(findGuards(handler(`const id: string = getRouterParam(event, 'id')!\nawait requireRole(event, 'admin' as const)`), 'a.ts')).toEqual([{ kind: 'role', roles: ['admin'], all: false }])
  })

  it.each([
    ['inside an if', `if (getQuery(event).strict) {\n  await requireRole(event, 'admin')\n}`],
    ['inside a try whose catch may swallow it', `try {\n  await requireRole(event, 'admin')\n} catch {}`],
    ['inside a callback', `setTimeout(() => requireRole(event, 'admin'))`],
    ['behind &&', `ready && await requireRole(event, 'admin')`],
    ['in a branch of ?:', `const x = flag ? await requireRole(event, 'admin') : null`],
    ['inside a loop', `for (const role of roles) await requireRole(event, role)`],
  ])('does not count a guard %s', (_label, body) => {
    expect(findGuards(handler(body), 'a.ts')).toMatchObject([{ kind: 'ineffective', call: 'requireRole', why: expect.stringMatching(/not awaited every time/) }])
  })

  it.each([
    ['not awaited', `requireRole(event, 'admin')\nreturn { secret: 1 }`, /not awaited every time/],
    ['with its 403 caught', `await requireRole(event, 'admin').catch(() => null)`, /not awaited every time/],
    ['settled', `await Promise.allSettled([requireRole(event, 'admin')])`, /not awaited every time/],
    ['after a return', `return { secret: 1 }\nawait requireRole(event, 'admin')`, /may answer first/],
    ['after an early return in an if', `if (getQuery(event).fast) return { secret: 1 }\nawait requireRole(event, 'admin')`, /may answer first/],
    ['after the answer is sent', `event.node.res.end('secret')\nawait requireRole(event, 'admin')`, /may answer first/],
    ['in a labelled block', `check: { if (skip) break check\nawait requireRole(event, 'admin') }`, /not awaited every time/],
    ['behind ||=', `let ctx = skip\nctx ||= await requireRole(event, 'admin')`, /not awaited every time/],
    ['on another event', `await requireRole({ context: {} } as never, 'admin')`, /another event/],
  ])('does not count a guard %s', (_label, body, why) => {
    expect(findGuards(handler(body), 'a.ts')).toMatchObject([{ kind: 'ineffective', call: 'requireRole', why: expect.stringMatching(why) }])
  })

  it('does not count a guard that is not the module\'s', () => {
    const local = `function requireRole(_e: unknown, _r: string) { return true }\n${handler(`await requireRole(event, 'admin')`)}`
    const renamed = `import { hasRole as requireRole } from '#rbac-server'\n${handler(`await requireRole(event, 'admin')`)}`
    const elsewhere = `import { requireRole } from './my-guards'\n${handler(`await requireRole(event, 'admin')`)}`
    for (const code of [local, renamed, elsewhere]) {
      expect(findGuards(code, 'a.ts')).toMatchObject([{ kind: 'ineffective', why: expect.stringMatching(/not the module's/) }])
    }
    expect(findGuards(`import { requireRole } from '#rbac-server'\n${handler(`await requireRole(event, 'admin')`)}`, 'a.ts')).toEqual([{ kind: 'role', roles: ['admin'], all: false }])
  })

  it('reads nothing into a lazy handler\'s factory', () => {
    const code = `export default defineLazyEventHandler(async () => {\n  await requireRole(x, 'admin')\n  return defineEventHandler(() => ({}))\n})`
    expect(findGuards(code, 'a.ts')).toMatchObject([{ kind: 'ineffective', why: expect.stringMatching(/outside an event handler/) }])
  })

  it('never reads a requirement it cannot see as one that asks for nothing', () => {
    expect(findGuards(handler(`await requireRbac(event, { can: perm })`), 'a.ts')).toEqual([{ kind: 'dynamic', call: 'requireRbac' }])
    expect(findGuards(handler(`await requireRbac(event, { can: [action, 'Report'] })`), 'a.ts')).toEqual([{ kind: 'dynamic', call: 'requireRbac' }])
    expect(findGuards(handler(`await requireRole(event, ['admin', 'viewer'], opts)`), 'a.ts')).toEqual([{ kind: 'dynamic', call: 'requireRole' }])
    expect(findGuards(handler(`await requireRole(event, 'admin', { all: flag })`), 'a.ts')).toEqual([{ kind: 'dynamic', call: 'requireRole' }])
  })

  it('counts guards that always run, however they are written', () => {
    const code = `export default defineEventHandler({ handler: async (event) => {\n  const { uid } = await requireRole(event, 'admin')\n  if (await hasRole(event, 'admin')) {}\n  return requireAbility(event, 'read', 'Post')\n} })`
    expect(findGuards(code, 'a.ts')).toEqual([{ kind: 'role', roles: ['admin'], all: false }, { kind: 'custom', call: 'hasRole' }, { kind: 'ability', action: 'read', subject: 'Post' }])
    expect(findGuards(`export default defineEventHandler(event => requireRole(event, 'admin'))`, 'a.ts')).toEqual([{ kind: 'role', roles: ['admin'], all: false }])
  })

  it('refuses a file it cannot parse', () => {
    expect(() => findGuards('export default (', 'broken.ts')).toThrow(/broken\.ts/)
  })
})
