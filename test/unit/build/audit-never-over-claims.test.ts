import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildAudit } from '../../../src/build/audit/audit'
import { readHandler } from '../../../src/build/audit/guards'

// Generated handlers: a guard of the module's, what runs before and after it, and bindings of the
// guard's name in various scopes. The audit must call the route guarded exactly when nothing before
// the guard may answer and the name is the module's; never when something may answer first.

const WRITERS = [
  'sendIterable', 'sendStream', 'sendRedirect', 'sendNoContent', 'sendError', 'sendProxy', 'sendWebResponse', 'serveStatic',
  'setResponseHeader', 'setResponseHeaders', 'setHeader', 'setHeaders', 'setCookie', 'deleteCookie', 'appendResponseHeader',
  'appendResponseHeaders', 'appendHeader', 'appendHeaders', 'setResponseStatus', 'proxyRequest', 'writeEarlyHints', 'redirect',
]

interface Statement { code: string, kind: 'read' | 'side-effect' | 'answer', hoisted?: string }

const writerCall = fc.tuple(fc.constantFrom(...WRITERS), fc.integer({ min: 0, max: 7 }), fc.nat(99)).map(([name, form, n]): Statement => ({
  kind: 'answer',
  code: [
    `${name}(event, 'x')`,
    `await ${name}(event, 'x')`,
    `const r${n} = ${name}(event, 'x')`,
    `if (getQuery(event).x) ${name}(event, 'x')`,
    `queueMicrotask(() => ${name}(event, 'x'))`,
    `h3.${name}(event, 'x')`,
    `void ${name}(event)`,
    `${name}.call(null, event, 'x')`,
  ][form]!,
}))

const otherAnswers = fc.constantFrom<Statement>(
  { kind: 'answer', code: `event.node.res.end('secret')` },
  { kind: 'answer', code: `event.node.req.pipe(out)` },
  { kind: 'answer', code: `stream.pipe(event.node.res)` },
  { kind: 'answer', code: `source.pipe(out)` },
  { kind: 'answer', code: `event.respondWith(new Response('secret'))` },
  { kind: 'answer', code: `if (getQuery(event).fast) return 'secret'` },
  { kind: 'answer', code: `await audit(event)` },
  { kind: 'answer', code: `const e = event` },
  { kind: 'answer', code: `const { node } = event` },
  { kind: 'answer', code: `event.context.rbac = forged` },
  { kind: 'answer', code: `useEvent().node.res.end('x')` },
  { kind: 'answer', code: `leak()`, hoisted: `function leak() { event.node.res.end('secret') }` },
  { kind: 'answer', code: `[1].forEach(() => event.node.res.end('x'))` },
  { kind: 'answer', code: `if (getQuery(event).id === 'debug') throw createError({ statusCode: 400, data: { rows: [] } })` },
  { kind: 'answer', code: `if (getQuery(event).x) throw new Response('secret', { status: 400 })` },
  { kind: 'answer', code: `await Promise.reject(createError({ statusCode: 400, message: secret }))` },
  { kind: 'answer', code: `const v = await getValidatedQuery(event, (q) => { throw createError({ data: q }) })` },
  { kind: 'answer', code: `const b = await readValidatedBody(event, schema.parse)` },
)

const reads = fc.constantFrom<Statement>(
  { kind: 'read', code: `const q = getQuery(event)` },
  { kind: 'read', code: `const id = getRouterParam(event, 'id')` },
  { kind: 'read', code: `const auth = getHeader(event, 'authorization') ?? getCookie(event, 'x')` },
  { kind: 'read', code: `const where = event.path + event.method` },
  { kind: 'read', code: `const params = event.context.params` },
  { kind: 'read', code: `const limit = 10` },
  { kind: 'read', code: `const n = Number(getQuery(event).n ?? 1)` },
  { kind: 'read', code: `const viewer = await hasRole(event, 'viewer')` },
  { kind: 'read', code: `if (!getQuery(event).id) throw createError({ statusCode: 400 })` },
  { kind: 'read', code: `if (getQuery(event).x) throw createError('Bad Request')` },
)

const sideEffects = fc.constantFrom<Statement>(
  { kind: 'side-effect', code: `await db.query('update visits set n = n + 1')` },
  { kind: 'side-effect', code: `const body = await readBody(event)` },
  { kind: 'side-effect', code: `await $fetch('/internal')` },
)

const anything = fc.oneof(writerCall, otherAnswers, reads, sideEffects)

const guards = fc.constantFrom(
  { name: 'requireRole', code: `await requireRole(event, 'admin')` },
  // The parser reads the escape as the name; Nuxt's auto-import, which reads the text, does not.
  { name: 'requireRole', code: `await requir\\u0065Role(event, 'admin')`, escaped: true },
  { name: 'requireRole', code: `const ctx = await requireRole(event, ['admin', 'viewer'], { all: true })` },
  { name: 'requireRbac', code: `await requireRbac(event, { role: 'admin' })` },
  { name: 'requireAbility', code: `await requireAbility(event, 'read', 'Report')` },
)

/** Bindings of the guard's name: `shadows` when the guard's call resolves to them. */
const bindings = fc.constantFrom(
  { shadows: false, where: 'none', code: (_name: string) => '' },
  { shadows: false, where: 'module', imports: true, code: (name: string) => `import { ${name} } from '#imports'` },
  { shadows: false, where: 'module', imports: true, code: (name: string) => `import { ${name} } from '#rbac-server'` },
  { shadows: false, where: 'module', code: (name: string) => `function other(${name}: unknown) { return ${name} }` },
  { shadows: false, where: 'module', code: (name: string) => `const table = { ${name}: 1 }\nclass K { ${name}() {} }` },
  { shadows: false, where: 'handler', code: (name: string) => `for (const ${name} of []) {}\ntry {} catch (${name}) {}` },
  { shadows: false, where: 'handler', code: (name: string) => `const helper = (${name}: unknown) => ${name}` },
  { shadows: true, where: 'module', code: (name: string) => `const { ${name} } = { ${name}: async () => {} }` },
  { shadows: true, where: 'module', code: (name: string) => `const { fake: ${name} } = fakes` },
  { shadows: true, where: 'module', code: (name: string) => `const [${name}] = [async () => {}]` },
  { shadows: true, where: 'module', code: (name: string) => `const [, [...${name}]] = nested` },
  { shadows: true, where: 'module', code: (name: string) => `function ${name}() {}` },
  { shadows: true, where: 'module', code: (name: string) => `class ${name} {}` },
  { shadows: true, where: 'module', code: (name: string) => `import { ${name} } from './fake'` },
  { shadows: true, where: 'module', code: (name: string) => `import { getRbac as ${name} } from '#imports'` },
  { shadows: true, where: 'module', code: (name: string) => `import ${name} from '#rbac-server'` },
  // Nuxt does not auto-import a name the file declares, imports or exports anywhere: the call is a global.
  { shadows: true, where: 'module', code: (name: string) => `import type { ${name} } from '#rbac-server'` },
  { shadows: true, where: 'module', code: (name: string) => `export { ${name} } from '#rbac-server'` },
  { shadows: true, where: 'module', code: (name: string) => `export { requireRbac as ${name} } from '#imports'` },
  { shadows: true, where: 'module', code: (name: string) => `function unrelated() { function ${name}() {} }` },
  { shadows: true, where: 'module', code: (name: string) => `function unrelated() { let ${name} = 1 }` },
  { shadows: true, where: 'module', code: (name: string) => `const Fake = class ${name} {}` },
  { shadows: true, where: 'handler', code: (name: string) => `if (x) { let ${name} = fake }` },
  { shadows: true, where: 'handler', code: (name: string) => `const { ${name} } = fakes` },
  { shadows: true, where: 'handler', code: (name: string) => `let [${name} = fake] = []` },
  { shadows: true, where: 'handler', code: (name: string) => `if (x) { var ${name} = fake }` },
  { shadows: true, where: 'handler', code: (name: string) => `function ${name}() {}` },
  { shadows: true, where: 'param', code: (name: string) => name },
  { shadows: true, where: 'param', code: (name: string) => `{ ${name} }` },
  { shadows: true, where: 'param', code: (name: string) => `[${name}]` },
)

function routeStatus(code: string): { status: string, sideEffects: string[] } {
  const reading = readHandler(code, 'handler.ts')
  const audit = buildAudit({
    roles: ['admin', 'viewer'],
    grants: { admin: ['admin', 'viewer'], viewer: ['viewer'] },
    abilities: {},
    pages: [],
    handlers: [{ route: '/api/x', method: 'get', file: 'server/api/x.get.ts', ...reading }],
    rules: [],
    publicPatterns: [],
    authBasePath: '/api/auth',
  })
  return { status: audit.api[0]!.status, sideEffects: reading.sideEffects }
}

describe('the audit never over-claims (property-based)', () => {
  it('calls a route guarded exactly when nothing before its guard may answer and the guard is the module\'s', () => {
    fc.assert(fc.property(
      fc.array(anything, { maxLength: 4 }),
      guards,
      fc.array(anything, { maxLength: 3 }),
      bindings,
      (before, guard, after, binding) => {
        const bound = binding.code(guard.name)
        const hoisted = [...before, ...after].flatMap(statement => statement.hoisted ? [statement.hoisted] : [])
        const body = [
          ...(binding.where === 'handler' ? [bound] : []),
          ...before.map(statement => statement.code),
          guard.code,
          ...after.map(statement => statement.code),
          ...hoisted,
        ]
        const params = binding.where === 'param' ? `event, ${bound}` : 'event'
        const code = `${binding.where === 'module' ? `${bound}\n` : ''}export default defineEventHandler(async (${params}) => {\n${body.join(';\n')}\n})\n`
        const mayAnswer = before.some(statement => statement.kind === 'answer')
        const global = 'escaped' in guard && !('imports' in binding)
        const { status, sideEffects } = routeStatus(code)
        if (mayAnswer || binding.shadows || global) {
          expect(status, code).toBe('unguarded')
        }
        else {
          expect(status, code).toBe('guarded')
          expect(sideEffects.length > 0, code).toBe(before.some(statement => statement.kind === 'side-effect'))
        }
      },
    ), { numRuns: 600 })
  })

  it('calls a websocket route guarded only when its upgrade hook awaits requireRbacUpgrade before anything may answer', () => {
    fc.assert(fc.property(
      fc.array(fc.oneof(
        fc.constantFrom(
          { answers: true, code: `if (request.headers.get('x-skip')) return { headers: {} }` },
          { answers: true, code: `await audit(request)` },
          { answers: true, code: `if (!request.headers.get('origin')) throw new Response('WS-SECRET', { status: 400 })` },
          { answers: false, code: `if (!request.url) throw createError({ statusCode: 400, statusMessage: 'Bad Request' })` },
          { answers: true, code: `const r = request` },
          { answers: false, code: `const origin = request.headers.get('origin')` },
          { answers: false, code: `const url = request.url` },
        ),
        fc.constantFrom(...WRITERS).map(name => ({ answers: true, code: `${name}(x)` })),
      ), { maxLength: 3 }),
      fc.constantFrom(
        { counts: true, code: `await requireRbacUpgrade(request, { role: 'admin' })` },
        { counts: true, code: `return requireRbacUpgrade(request, { role: ['admin', 'viewer'], all: true })` },
        { counts: false, code: `requireRbacUpgrade(request, { role: 'admin' })` },
        { counts: false, code: `await requireRole(request, 'admin')` },
        { counts: false, code: `const { requireRbacUpgrade } = fakes\nawait requireRbacUpgrade(request, { role: 'admin' })` },
        { counts: false, code: `` },
      ),
      (before, guard) => {
        const code = `export default defineWebSocketHandler({\n  async upgrade(request) {\n${[...before.map(statement => statement.code), guard.code].join(';\n')}\n  },\n  message(peer) { peer.send('hi') },\n})\n`
        const { status } = routeStatus(code)
        expect(status, code).toBe(guard.counts && !before.some(statement => statement.answers) ? 'guarded' : 'unguarded')
      },
    ), { numRuns: 300 })
  })
})
