import { describe, expect, it } from 'vitest'
import { findGuards, readHandler } from '../../../src/build/audit/guards'

const handler = (body: string) => `export default defineEventHandler(async (event) => {\n${body}\n})`
const ADMIN = { kind: 'role', roles: ['admin'], all: false }
const GUARD = `await requireRole(event, 'admin')`

describe('a guard without a binding counts as the auto-import only if Nuxt imports it into the file', () => {
  it.each([
    ['a type-only import', `import type { requireRole } from '#rbac-server'\n${handler(GUARD)}`, /type-only import/],
    ['a type-only specifier', `import { type requireRole } from '#imports'\n${handler(GUARD)}`, /type-only import/],
    ['a re-export', `export { requireRole } from '#rbac-server'\n${handler(GUARD)}`, /re-export/],
    ['a renamed re-export', `export { requireRbac as requireRole } from '#rbac-server'\n${handler(GUARD)}`, /re-export/],
    ['a namespace re-export', `export * as requireRole from '#rbac-server'\n${handler(GUARD)}`, /re-export/],
    ['a function in another function', `function unrelated() { function requireRole() {} }\n${handler(GUARD)}`, /a function of this name elsewhere/],
    ['a let in another function', `function unrelated() { let requireRole = 1; return requireRole }\n${handler(GUARD)}`, /a let of this name elsewhere/],
    ['a let in a block of the handler, after the call', handler(`${GUARD}\nif (x) { let requireRole = 1 }`), /a let of this name elsewhere/],
    ['a class expression', `const Fake = class requireRole {}\n${handler(GUARD)}`, /class expression/],
    ['a named function expression', `const fake = function requireRole() {}\n${handler(GUARD)}`, /function expression/],
    ['a for…of without a block', `for (const requireRole of []) noop()\n${handler(GUARD)}`, /a const of this name elsewhere/],
    ['text unimport reads as a declaration', `ignored.class\nrequireRole\n${handler(GUARD)}`, /file's text declares/],
    ['a unicode escape', handler(`await requir\\u0065Role(event, 'admin')`), /escape/],
  ])('not with %s', (_label, code, why) => {
    expect(findGuards(code, 'a.ts')).toMatchObject([{ kind: 'ineffective', call: 'requireRole', why: expect.stringMatching(why) }])
  })

  it('counts a value import, and names unimport still imports (parameters, loop bindings, members, text in strings and comments)', () => {
    expect(findGuards(`import { requireRole } from '#rbac-server'\n${handler(GUARD)}`, 'a.ts')).toEqual([ADMIN])
    expect(findGuards(`import { requireRole } from '#imports'\n${handler(`await requir\\u0065Role(event, 'admin')`)}`, 'a.ts')).toEqual([ADMIN])
    const elsewhere = [
      `// function requireRole() {}`,
      `const text = 'class requireRole {}; export { requireRole } from "x"'`,
      `const template = \`function requireRole() {}\``,
      `function other(requireRole: unknown) { return requireRole }`,
      `for (const requireRole of []) { noop(requireRole) }`,
      `const table = { requireRole: 1 }`,
      handler(GUARD),
    ].join('\n')
    expect(findGuards(elsewhere, 'a.ts')).toEqual([ADMIN])
  })

  it('applies the same to the handler factory and h3\'s reads', () => {
    expect(findGuards(`function unrelated() { const defineEventHandler = 1 }\n${handler(GUARD)}`, 'a.ts'))
      .toMatchObject([{ kind: 'ineffective', why: expect.stringMatching(/made by defineEventHandler, which is not h3's: a const of this name elsewhere/) }])
    expect(findGuards(`function unrelated() { function getHeader() {} }\n${handler(`const token = getHeader(event, 'x')\n${GUARD}`)}`, 'a.ts'))
      .toMatchObject([{ kind: 'ineffective', why: expect.stringMatching(/after getHeader\(event\), code the audit does not know given the event, which may answer first/) }])
  })
})

describe('h3 names the app\'s own auto-imports override', () => {
  const notH3 = (names: string[]) => ({ autoImported: (name: string) => !names.includes(name) })

  it('make the handler unreadable when the factory is overridden', () => {
    expect(findGuards(handler(GUARD), 'a.ts', notH3(['defineEventHandler'])))
      .toMatchObject([{ kind: 'ineffective', why: expect.stringMatching(/made by defineEventHandler, which is not h3's/) }])
    expect(findGuards(`export default defineWebSocketHandler({ upgrade: request => requireRbacUpgrade(request, { role: 'admin' }) })`, 'a.ts', notH3(['defineWebSocketHandler'])))
      .toMatchObject([{ kind: 'ineffective', why: expect.stringMatching(/made by defineWebSocketHandler, which is not h3's/) }])
    expect(findGuards(`import { defineEventHandler } from 'h3'\n${handler(GUARD)}`, 'a.ts', notH3(['defineEventHandler']))).toEqual([ADMIN])
  })

  it('make a read an unknown call given the event', () => {
    const code = handler(`const token = getHeader(event, 'x')\n${GUARD}`)
    expect(findGuards(code, 'a.ts')).toEqual([ADMIN])
    expect(findGuards(code, 'a.ts', notH3(['getHeader']))).toMatchObject([{ kind: 'ineffective', why: expect.stringMatching(/after getHeader\(event\), code the audit does not know given the event, which may answer first/) }])
    expect(findGuards(`import { getHeader } from 'h3'\n${code}`, 'a.ts', notH3(['getHeader']))).toEqual([ADMIN])
    expect(readHandler(handler(`const id = useRuntimeConfig().id\n${GUARD}`), 'a.ts', notH3(['useRuntimeConfig'])).sideEffects).toEqual(['useRuntimeConfig()'])
  })
})

describe('a throw before the guard answers first', () => {
  it.each([
    ['createError with data', `if (id === 'debug') throw createError({ statusCode: 400, data: { rows } })`],
    ['createError with a computed message', 'throw createError({ statusCode: 400, message: `no ${secret}` })'],
    ['createError with a spread', `throw createError({ statusCode: 400, ...details })`],
    ['createError of a variable', `throw createError(secret)`],
    ['a variable holding an error', `const e = createError({ statusCode: 400, data: rows })\nif (x) throw e`],
    ['an error rejected', `await Promise.reject(createError({ statusCode: 400, data: rows }))`],
    ['anything rejected', `await Promise.reject(rows)`],
    ['anything thrown', `if (x) throw rows`],
    ['a Response thrown', `throw new Response('secret', { status: 400 })`],
    ['a throw in a validator', `const q = await getValidatedQuery(event, (q) => { throw createError({ data: rows }) })`],
    ['getValidatedQuery', `const q = await getValidatedQuery(event, schema.parse)`],
    ['readValidatedBody', `const body = await readValidatedBody(event, schema.parse)`],
    ['getValidatedRouterParams', `const params = await getValidatedRouterParams(event, schema.parse)`],
    ['an overridden createError', `function unrelated() { const createError = 1 }\nthrow createError({ statusCode: 400 })`],
  ])('%s', (_label, body) => {
    expect(findGuards(handler(`${body}\n${GUARD}`), 'a.ts')).toMatchObject([{ kind: 'ineffective', call: 'requireRole', why: expect.stringMatching(/may answer first/) }])
  })

  it('but not a createError of literals only, nor a throw after the guard', () => {
    const code = handler([
      `const id = getRouterParam(event, 'id')`,
      `if (!id) throw createError({ statusCode: 400 })`,
      `if (id.length > 9) throw createError({ statusCode: 400, statusMessage: 'Bad Request', message: \`too long\` })`,
      `if (id === '0') throw createError('Bad id')`,
      GUARD,
      `throw createError({ statusCode: 404, data: { id } })`,
    ].join('\n'))
    expect(readHandler(code, 'a.ts')).toEqual({ kind: 'http', guards: [ADMIN], sideEffects: [] })
  })

  it('in a websocket upgrade hook', () => {
    const ws = (before: string) => `export default defineWebSocketHandler({\n  async upgrade(request) {\n${before}\n    await requireRbacUpgrade(request, { role: 'admin' })\n  },\n})`
    expect(findGuards(ws(`if (request.url.endsWith('?debug')) throw new Response('WS-SECRET', { status: 400 })`), 'a.ts'))
      .toMatchObject([{ kind: 'ineffective', why: 'after a throw, which may answer first' }])
    expect(findGuards(ws(`if (!request.headers.get('origin')) throw createError({ statusCode: 400 })`), 'a.ts'))
      .toEqual([{ kind: 'requirement', role: ['admin'], call: 'requireRbacUpgrade' }])
  })
})
