import { describe, expect, it } from 'vitest'
import { findGuards, readHandler } from '../../../src/build/audit/guards'

const handler = (body: string, params = 'event') => `export default defineEventHandler(async (${params}) => {\n${body}\n})`
const ADMIN = { kind: 'role', roles: ['admin'], all: false }
const GUARD = `await requireRole(event, 'admin')`

describe('a guard counts only if nothing before it may answer', () => {
  it.each([
    ['sendIterable', `sendIterable(event, rows())`],
    ['serveStatic', `await serveStatic(event, { getContents: () => secret, getMeta: () => ({}) })`],
    ['setResponseHeader (a secret in a header survives the 401)', `setResponseHeader(event, 'x-secret', secret)`],
    ['setResponseHeaders', `setResponseHeaders(event, { 'x-secret': secret })`],
    ['setCookie', `setCookie(event, 'secret', secret)`],
    ['deleteCookie', `deleteCookie(event, 'session')`],
    ['appendResponseHeader', `appendResponseHeader(event, 'x-secret', secret)`],
    ['setResponseStatus', `setResponseStatus(event, 200)`],
    ['sendRedirect', `await sendRedirect(event, '/elsewhere')`],
    ['sendStream', `await sendStream(event, stream)`],
    ['sendWebResponse', `await sendWebResponse(event, new Response(secret))`],
    ['proxyRequest', `await proxyRequest(event, 'http://internal')`],
    ['writeEarlyHints', `writeEarlyHints(event, { link: secret })`],
    ['a stream piped', `stream.pipe(res)`],
    ['event.node.res', `const res = event.node.res`],
    ['event.node.req', `event.node.req.socket.write(secret)`],
    ['event.respondWith', `event.respondWith(new Response(secret))`],
    ['a return in a branch', `if (getQuery(event).fast) return secret`],
    ['a writer inside a callback', `queueMicrotask(() => sendStream(event, stream))`],
    ['the event aliased', `const e = event\nconst { node } = e`],
    ['the event destructured', `const { node: { res } } = event`],
    ['the event handed to unknown code', `await audit(event)`],
    ['the event inside an object', `await audit({ event })`],
    ['the event in an array', `[event].forEach(write)`],
    ['the event through a computed key', `event['no' + 'de'].res.end(secret)`],
    ['the event replaced', `event = other`],
    ['the module\'s rbac entry written', `event.context.rbac = forged`],
    ['the context handed on', `Object.assign(event.context, forged)`],
    ['a function of the handler declared further down', `leak()\n${GUARD}\nfunction leak() { event.node.res.end(secret) }`],
    ['useEvent()', `useEvent().node.res.end(secret)`],
    ['eval(), which sees the event', `eval('event.node.res.end(secret)')`],
    ['a writer in the guard\'s own arguments', `await requireRole(event, (setResponseHeader(event, 'x', secret), 'admin'))`],
  ])('not after %s', (_label, body) => {
    const code = handler(body.includes('requireRole') ? body : `${body}\n${GUARD}`)
    expect(findGuards(code, 'a.ts')).toMatchObject([{ kind: 'ineffective', call: 'requireRole', why: expect.stringMatching(/may answer first/) }])
  })

  it('not after arguments[0] in a function handler', () => {
    const code = `export default defineEventHandler(async function (event) {\n  arguments[0].node.res.end('x')\n  ${GUARD}\n})`
    expect(findGuards(code, 'a.ts')).toMatchObject([{ kind: 'ineffective', why: expect.stringMatching(/arguments/) }])
  })

  it('after reads, and after writers that run once it has passed', () => {
    const code = handler([
      `const id = getRouterParam(event, 'id')`,
      `const { page } = getQuery(event)`,
      `const token = getHeader(event, 'x-token') ?? getCookie(event, 'token')`,
      `const where = event.path + event.method + String(event.context.params?.id) + JSON.stringify(id).trim()`,
      `const limit = 10`,
      `const check = await hasRole(event, 'viewer')`,
      GUARD,
      `setResponseHeader(event, 'x-id', id)`,
      `return sendStream(event, stream)`,
    ].join('\n'))
    expect(readHandler(code, 'a.ts')).toEqual({ kind: 'http', guards: [{ kind: 'custom', call: 'hasRole' }, ADMIN], sideEffects: [] })
    expect(findGuards(handler(`setResponseHeader(event, 'x', await requireRole(event, 'admin'))`), 'a.ts')).toEqual([ADMIN])
    expect(findGuards(`export default defineEventHandler(event => requireRole(event, 'admin'))`, 'a.ts')).toEqual([ADMIN])
  })

  it('reports what runs before the guard and does something, the route still guarded', () => {
    const code = handler(`const body = await readBody(event)\nawait db.query('insert', body)\nconst rows = items.map(item => sql\`select \${item}\`)\n${GUARD}`)
    expect(readHandler(code, 'a.ts')).toEqual({ kind: 'http', guards: [ADMIN], sideEffects: ['readBody()', 'db.query()', 'sql()'] })
  })

  it('does not count a guard in a cached handler, or after an onRequest hook', () => {
    const cached = `export default defineCachedEventHandler(async (event) => {\n${GUARD}\nreturn 1\n}, { maxAge: 60 })`
    expect(findGuards(cached, 'a.ts')).toMatchObject([{ kind: 'ineffective', why: expect.stringMatching(/cached/) }])
    const hooked = `export default defineEventHandler({ onRequest: [log], handler: async (event) => {\n${GUARD}\n} })`
    expect(findGuards(hooked, 'a.ts')).toMatchObject([{ kind: 'ineffective', why: expect.stringMatching(/onRequest/) }])
    const spread = `export default defineEventHandler({ handler: async (event) => {\n${GUARD}\n}, ...other })`
    expect(findGuards(spread, 'a.ts')).toMatchObject([{ kind: 'ineffective', why: expect.stringMatching(/outside an event handler/) }])
  })

  it('does not read a handler made by a look-alike factory', () => {
    const code = `function defineEventHandler(fn: unknown) { return (event: any) => event.node.res.end('x') }\n${handler(GUARD)}`
    expect(findGuards(code, 'a.ts')).toMatchObject([{ kind: 'ineffective', why: expect.stringMatching(/made by defineEventHandler, which is not h3's/) }])
    expect(findGuards(`import { defineEventHandler } from 'h3'\n${handler(GUARD)}`, 'a.ts')).toEqual([ADMIN])
  })
})

describe('a guard counts only if its name resolves to the module\'s', () => {
  it.each([
    ['an object pattern', `const { requireRole } = { requireRole: async () => {} }\n${handler(GUARD)}`],
    ['a renamed object pattern', `const { fake: requireRole } = helpers\n${handler(GUARD)}`],
    ['a nested pattern with a default', `const { a: { b: [, requireRole = noop] } } = helpers\n${handler(GUARD)}`],
    ['an array pattern', `const [requireRole] = [async () => {}]\n${handler(GUARD)}`],
    ['a rest element', `const [, ...requireRole] = list\n${handler(GUARD)}`],
    ['a binding in the handler', handler(`const { requireRole } = fakes\n${GUARD}`)],
    ['a binding in a block around the call', `export default defineEventHandler(async (event) => {\n{\nconst requireRole = fake\n${GUARD}\n}\n})`],
    ['a parameter of the handler', handler(GUARD, 'event, requireRole')],
    ['a destructured parameter', handler(GUARD, 'event, { requireRole }')],
    ['a parameter of an enclosing function', `function make(requireRole) {\nreturn ${handler(GUARD).replace('export default ', '')}\n}\nexport default make(fake)`],
    ['a catch parameter', `export default defineEventHandler(async (event) => {\ntry { x() } catch (requireRole) {\n${GUARD}\n}\n})`],
    ['a destructured catch parameter', `export default defineEventHandler(async (event) => {\ntry { x() } catch ({ requireRole }) {\n${GUARD}\n}\n})`],
    ['a class', `class requireRole {}\n${handler(GUARD)}`],
    ['a function declared after the handler', `${handler(GUARD)}\nfunction requireRole() {}`],
    ['a var in a block', `export default defineEventHandler(async (event) => {\nif (x) { var requireRole = fake }\n${GUARD}\n})`],
    ['a TypeScript declare function', `declare function requireRole(e: unknown, r: string): Promise<void>\n${handler(GUARD)}`],
    ['a TypeScript import = require', `import requireRole = require('./fake')\n${handler(GUARD)}`],
    ['a TypeScript enum', `enum requireRole { A }\n${handler(GUARD)}`],
    ['a default import', `import requireRole from '#rbac-server'\n${handler(GUARD)}`],
    ['a namespace import', `import * as requireRole from '#rbac-server'\n${handler(GUARD)}`],
    ['an import from elsewhere', `import { requireRole } from '~/server/utils/fake'\n${handler(GUARD)}`],
    ['another import renamed', `import { hasRole as requireRole } from '#imports'\n${handler(GUARD)}`],
  ])('not %s', (_label, code) => {
    expect(findGuards(code, 'a.ts')).toMatchObject([{ kind: 'ineffective', call: 'requireRole', why: expect.stringMatching(/not the module's/) }])
  })

  it('counts the auto-import and its own imports, whatever other scopes bind', () => {
    expect(findGuards(`import { requireRole } from '#imports'\n${handler(GUARD)}`, 'a.ts')).toEqual([ADMIN])
    expect(findGuards(`import { requireRole } from '#rbac-server'\n${handler(GUARD)}`, 'a.ts')).toEqual([ADMIN])
    const elsewhere = `function other(requireRole: unknown) { const { hasRole } = x; return [requireRole, hasRole] }\nclass A { requireRole() {} }\n${handler(`const o = { requireRole: 1 }\n${GUARD}`)}`
    expect(findGuards(elsewhere, 'a.ts')).toEqual([ADMIN])
    // A loop's binding ends with the loop.
    expect(findGuards(handler(`for (const requireRole of fakes) {}\ntry {} catch (requireRole) {}\n${GUARD}`), 'a.ts')).toEqual([ADMIN])
  })

  it('does not count a name no import brings when auto-imports do not provide the module\'s', () => {
    expect(findGuards(handler(GUARD), 'a.ts', { autoImported: name => name !== 'requireRole' })).toMatchObject([{ kind: 'ineffective', why: expect.stringMatching(/nothing imports it/) }])
    expect(findGuards(`import { requireRole } from '#rbac-server'\n${handler(GUARD)}`, 'a.ts', { autoImported: name => name !== 'requireRole' })).toEqual([ADMIN])
  })

  it('does not count a guard given a look-alike event', () => {
    expect(findGuards(handler(`var event = forged\n${GUARD}`), 'a.ts')).toMatchObject([{ kind: 'ineffective', why: expect.stringMatching(/another event/) }])
  })
})

describe('websocket handlers', () => {
  const ws = (hooks: string) => `export default defineWebSocketHandler({\n${hooks}\n})`

  it('are guarded by requireRbacUpgrade awaited first in the upgrade hook', () => {
    expect(readHandler(ws(`async upgrade(request) {\n  await requireRbacUpgrade(request, { role: ['editor', 'billing'], all: true })\n},\nmessage(peer, message) { peer.send(message) }`), 'a.ts'))
      .toEqual({ kind: 'websocket', guards: [{ kind: 'requirement', role: ['editor', 'billing'], all: true, call: 'requireRbacUpgrade' }], sideEffects: [] })
    expect(findGuards(ws(`upgrade: request => requireRbacUpgrade(request, { role: 'admin' })`), 'a.ts'))
      .toEqual([{ kind: 'requirement', role: ['admin'], call: 'requireRbacUpgrade' }])
    expect(findGuards(ws(`upgrade: request => requireRbacUpgrade(request, wanted)`), 'a.ts')).toEqual([{ kind: 'dynamic', call: 'requireRbacUpgrade' }])
  })

  it('are not guarded without it, or when something answers first', () => {
    expect(readHandler(ws(`message(peer, message) { peer.send(message) }`), 'a.ts')).toEqual({ kind: 'websocket', guards: [], sideEffects: [] })
    expect(findGuards(ws(`async upgrade(request) {\n  if (request.headers.get('x-skip')) return { headers: {} }\n  await requireRbacUpgrade(request, { role: 'admin' })\n}`), 'a.ts'))
      .toMatchObject([{ kind: 'ineffective', why: expect.stringMatching(/may answer first/) }])
    expect(findGuards(ws(`async upgrade(request) {\n  await requireRole(request, 'admin')\n}`), 'a.ts'))
      .toMatchObject([{ kind: 'ineffective', call: 'requireRole', why: expect.stringMatching(/use requireRbacUpgrade/) }])
    expect(findGuards(handler(`await requireRbacUpgrade(event, { role: 'admin' })`), 'a.ts'))
      .toMatchObject([{ kind: 'ineffective', why: expect.stringMatching(/websocket upgrade, not an HTTP request/) }])
    expect(findGuards(ws(`async upgrade(request) {\n  const { requireRbacUpgrade } = fakes\n  await requireRbacUpgrade(request, { role: 'admin' })\n}`), 'a.ts'))
      .toMatchObject([{ kind: 'ineffective', why: expect.stringMatching(/not the module's/) }])
  })

  it('that also answer HTTP are guarded only when both are', () => {
    const both = (upgrade: string) => `export default defineEventHandler({ handler: async (event) => {\n${GUARD}\nreturn 1\n}, websocket: { ${upgrade} } })`
    expect(readHandler(both(`upgrade: request => requireRbacUpgrade(request, { role: 'admin' })`), 'a.ts').guards)
      .toEqual([ADMIN, { kind: 'requirement', role: ['admin'], call: 'requireRbacUpgrade' }])
    expect(readHandler(both(`open(peer) {}`), 'a.ts')).toMatchObject({ kind: 'websocket', guards: [{ kind: 'ineffective', why: expect.stringMatching(/also answers websocket upgrades without a guard/) }] })
  })
})
