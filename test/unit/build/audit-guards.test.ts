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
    expect(findGuards(handler(body), 'a.ts')).toEqual([{ kind: 'conditional', call: 'requireRole' }])
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
