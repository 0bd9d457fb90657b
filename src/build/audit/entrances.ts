import { unwrap } from './ast'
import type { Node } from './ast'
import type { Binding, Scopes } from './scope'

/** Where a request reaches a handler file's own code: its HTTP handler, or its websocket upgrade hook. */
export interface Entrance {
  kind: 'http' | 'websocket'
  /** The function; undefined when the audit cannot read one (a handler passed by name, hooks without `upgrade`). */
  fn: Node | undefined
  /** The binding of its first parameter: the handler's event, or the upgrade's request. */
  param: Node | undefined
  /** Its body's statements; an expression body is one statement that returns it. */
  statements: Node[]
  /** Why a guard inside cannot stop a request, whatever it is: something runs before it, or answers without it. */
  preempted?: string
}

/** What a handler file's default export is, as far as it can be read. */
export interface HandlerShape {
  /** `websocket` when it accepts websocket upgrades. */
  kind: 'http' | 'websocket'
  entrances: Entrance[]
  /** Why no guard in the file can be trusted: its handler is made by something that is not h3's. */
  unreadable?: string
}

/** Why a name, bound as it is where it is used, is not h3's (or Nitro's); undefined when it is. */
export type WhyNotProvided = (identifier: Node, binding: Binding) => string | undefined

const HTTP_FACTORIES = new Set(['defineEventHandler', 'eventHandler'])
const CACHED_FACTORIES = new Set(['defineCachedEventHandler', 'cachedEventHandler'])
const WEBSOCKET_FACTORY = 'defineWebSocketHandler'
const FUNCTIONS = new Set(['ArrowFunctionExpression', 'FunctionExpression', 'FunctionDeclaration'])
const UNREADABLE = Symbol('unreadable')

/** The entrances of a handler file; undefined when its default export is not a handler the audit can read. */
export function findEntrances(program: Node, scopes: Scopes, whyNotProvided: WhyNotProvided): HandlerShape | undefined {
  const exported = unwrap((program.body as Node[]).find(node => node.type === 'ExportDefaultDeclaration')?.declaration as Node | undefined)
  if (!exported) {
    return undefined
  }
  if (FUNCTIONS.has(exported.type)) {
    return { kind: 'http', entrances: [entranceOf('http', exported)] }
  }
  const callee = exported.type === 'CallExpression' ? exported.callee as Node : undefined
  const name = callee?.type === 'Identifier' ? callee.name as string : undefined
  if (!name || (!HTTP_FACTORIES.has(name) && !CACHED_FACTORIES.has(name) && name !== WEBSOCKET_FACTORY)) {
    return undefined
  }
  const notH3s = whyNotProvided(callee!, scopes.bindingOf(callee!))
  if (notH3s) {
    return { kind: 'http', entrances: [], unreadable: `the handler is made by ${name}, which is not h3's: ${notH3s}` }
  }
  const argument = unwrap((exported.arguments as Node[])[0])
  if (name === WEBSOCKET_FACTORY) {
    return { kind: 'websocket', entrances: [upgradeEntrance(argument)] }
  }
  const cached = CACHED_FACTORIES.has(name)
    ? 'in a cached handler: its cached answer is served to later requests without running it'
    : undefined
  if (argument?.type !== 'ObjectExpression') {
    return { kind: 'http', entrances: [{ ...entranceOf('http', argument), ...(cached ? { preempted: cached } : {}) }] }
  }
  const handler = propertyOf(argument, 'handler')
  const onRequest = propertyOf(argument, 'onRequest')
  const preempted = cached ?? (onRequest !== undefined ? 'after the handler\'s onRequest hook, which runs first and may answer' : undefined)
  const http: Entrance = { ...entranceOf('http', handler === UNREADABLE ? undefined : handler), ...(preempted ? { preempted } : {}) }
  const websocket = propertyOf(argument, 'websocket')
  return websocket === undefined
    ? { kind: 'http', entrances: [http] }
    : { kind: 'websocket', entrances: [http, upgradeEntrance(websocket === UNREADABLE ? undefined : unwrap(websocket))] }
}

/** The websocket hooks' `upgrade`, where a guard refuses the upgrade; none means nothing refuses it. */
function upgradeEntrance(hooks: Node | undefined): Entrance {
  const upgrade = hooks?.type === 'ObjectExpression' ? propertyOf(hooks, 'upgrade') : UNREADABLE
  return entranceOf('websocket', upgrade === UNREADABLE ? undefined : upgrade)
}

function entranceOf(kind: Entrance['kind'], fn: Node | undefined): Entrance {
  const node = unwrap(fn)
  if (!node || !FUNCTIONS.has(node.type)) {
    return { kind, fn: undefined, param: undefined, statements: [] }
  }
  const [first] = (node.params as Node[]).filter(param => !(param.type === 'Identifier' && param.name === 'this'))
  const body = node.body as Node
  return {
    kind,
    fn: node,
    param: first?.type === 'Identifier' ? first : undefined,
    statements: body.type === 'BlockStatement'
      ? body.body as Node[]
      : [{ type: 'ReturnStatement', argument: body, start: body.start, end: body.end }],
  }
}

/**
 * A property of an object written in place: its value, undefined when it has none, UNREADABLE when
 * a spread or a computed key after it (or anywhere, when it is absent) may set it to something else.
 */
function propertyOf(object: Node, name: string): Node | undefined | typeof UNREADABLE {
  let found: Node | undefined | typeof UNREADABLE
  for (const property of object.properties as Node[]) {
    if (property.type !== 'Property' || property.computed) {
      // A spread or a computed key may set any property, over what came before it.
      found = UNREADABLE
      continue
    }
    const key = property.key as Node
    if ((key.name ?? key.value) === name) {
      found = property.kind === 'init' ? property.value as Node : UNREADABLE
    }
  }
  return found
}
