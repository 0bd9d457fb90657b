import { parseSync } from 'oxc-parser'
import type { FoundGuard } from '../../runtime/shared/audit/types'

export type { FoundGuard }

// Read with a real parser (oxc), so that comments, strings and methods of the same name never count.
const REQUIRE = new Set(['requireRole', 'requireAbility', 'requireRbac'])
const CUSTOM = new Set(['hasRole', 'hasAbility', 'hasRbac', 'getRbac'])

interface Node {
  type: string
  [key: string]: unknown
}

/**
 * The guards a handler calls, in source order; throws on a file the parser cannot read.
 *
 * A guard counts only when it certainly stops a caller it refuses: the module's own function
 * (not a local one of the same name, nor another import renamed to it), called with the
 * handler's event, awaited or returned, in a statement of the handler's own body, before any
 * statement that may answer first (`return`, `break`, `res.end()`, `send…()`). Anything else is
 * reported as `ineffective` with the reason, and does not make the route guarded.
 */
export function findGuards(code: string, filename: string): FoundGuard[] {
  const { program, errors } = parseSync(filename, code)
  if (errors.length > 0) {
    throw new SyntaxError(`${filename}: ${errors[0]!.message}`)
  }
  const root = program as unknown as Node
  const untrusted = untrustedNames(root)
  const handler = findHandler(root)
  const effective = new Set<Node>()
  const afterExit = new Set<Node>()
  let exited = false
  for (const statement of handler?.statements ?? []) {
    const calls = new Set<Node>()
    collectUnconditionalCalls(statement, calls)
    for (const call of calls) {
      (exited ? afterExit : effective).add(call)
    }
    exited ||= mayAnswer(statement)
  }
  const guards: FoundGuard[] = []
  visit(root, (node) => {
    if (node.type !== 'CallExpression') {
      return
    }
    const callee = node.callee as Node
    const name = callee.type === 'Identifier' ? callee.name as string : undefined
    if (!name || (!REQUIRE.has(name) && !CUSTOM.has(name))) {
      return
    }
    if (untrusted.has(name)) {
      guards.push({ kind: 'ineffective', call: name, why: 'not the module\'s (defined or imported under this name in the file)' })
      return
    }
    if (CUSTOM.has(name)) {
      guards.push({ kind: 'custom', call: name })
      return
    }
    const args = node.arguments as Node[]
    const why = !handler
      ? 'outside an event handler this audit can read'
      : afterExit.has(node)
        ? 'after a statement that may answer first'
        : !effective.has(node)
            ? 'not awaited every time: inside an if, a try, a loop or a callback, behind && or ?:, or without await'
            : handler.event === undefined || unwrap(args[0])?.type !== 'Identifier' || (unwrap(args[0]) as Node).name !== handler.event
              ? 'called with another event than the handler\'s'
              : undefined
    guards.push(why ? { kind: 'ineffective', call: name, why } : readGuard(name, args.slice(1)))
  })
  return guards
}

const HANDLER_FACTORIES = new Set(['defineEventHandler', 'eventHandler', 'defineCachedEventHandler', 'cachedEventHandler'])
const IMPORT_SOURCES = /^(?:#rbac-server|#imports|nuxt-auth-rbac(?:\/.*)?)$/

/** The handler's statements (an expression body counts as returned) and the name of its event parameter. */
function findHandler(program: Node): { statements: Node[], event: string | undefined } | undefined {
  const exported = (program.body as Node[]).find(node => node.type === 'ExportDefaultDeclaration')?.declaration as Node | undefined
  let handler = exported
  if (exported?.type === 'CallExpression' && (exported.callee as Node).type === 'Identifier' && HANDLER_FACTORIES.has((exported.callee as Node).name as string)) {
    const [first] = exported.arguments as Node[]
    handler = first?.type === 'ObjectExpression'
      ? ((first.properties as Node[]).find(property => ((property.key as Node | undefined)?.name) === 'handler')?.value as Node | undefined)
      : first
  }
  if (!handler || (handler.type !== 'ArrowFunctionExpression' && handler.type !== 'FunctionExpression' && handler.type !== 'FunctionDeclaration')) {
    return undefined
  }
  const [param] = handler.params as Node[]
  const event = param?.type === 'Identifier' ? param.name as string : undefined
  const body = handler.body as Node
  return { statements: body.type === 'BlockStatement' ? body.body as Node[] : [{ type: 'ReturnStatement', argument: body }], event }
}

/** Guard names the file defines itself, or imports from elsewhere or under another name. */
function untrustedNames(program: Node): Set<string> {
  const untrusted = new Set<string>()
  visit(program, (node) => {
    if (node.type === 'ImportDeclaration') {
      const source = (node.source as Node).value as string
      for (const specifier of node.specifiers as Node[]) {
        const local = (specifier.local as Node).name as string
        const imported = specifier.type === 'ImportSpecifier' ? ((specifier.imported as Node).name ?? (specifier.imported as Node).value) : undefined
        if ((REQUIRE.has(local) || CUSTOM.has(local)) && (imported !== local || !IMPORT_SOURCES.test(source))) {
          untrusted.add(local)
        }
      }
    }
    const declared = ['FunctionDeclaration', 'ClassDeclaration', 'VariableDeclarator'].includes(node.type) ? node.id as Node | null : undefined
    if (declared?.type === 'Identifier' && (REQUIRE.has(declared.name as string) || CUSTOM.has(declared.name as string))) {
      untrusted.add(declared.name as string)
    }
  })
  return untrusted
}

const SKIPPED_BRANCHES: Record<string, string[]> = {
  ConditionalExpression: ['consequent', 'alternate'],
  LogicalExpression: ['right'],
  IfStatement: ['consequent', 'alternate'],
}
const LOGICAL_ASSIGNMENTS = new Set(['||=', '&&=', '??='])
const SKIPPED_NODES = new Set(['ArrowFunctionExpression', 'FunctionExpression', 'FunctionDeclaration', 'TryStatement', 'ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement', 'SwitchStatement', 'ClassDeclaration', 'ClassExpression', 'ChainExpression', 'LabeledStatement'])

/** Guard calls that are awaited (or returned) whenever this top-level statement runs. */
function collectUnconditionalCalls(node: Node, into: Set<Node>): void {
  if (SKIPPED_NODES.has(node.type)) {
    return
  }
  if (node.type === 'AwaitExpression' || node.type === 'ReturnStatement') {
    const awaited = unwrap(node.argument as Node | undefined)
    if (awaited?.type === 'CallExpression') {
      into.add(awaited)
    }
  }
  const skipped = node.type === 'AssignmentExpression' && LOGICAL_ASSIGNMENTS.has(node.operator as string) ? ['right'] : SKIPPED_BRANCHES[node.type] ?? []
  for (const [key, value] of Object.entries(node)) {
    if (skipped.includes(key)) {
      continue
    }
    for (const child of Array.isArray(value) ? value : [value]) {
      if (isNode(child)) {
        collectUnconditionalCalls(child, into)
      }
    }
  }
}

const SENDS = new Set(['end', 'send', 'sendRedirect', 'sendStream', 'sendWebResponse', 'sendNoContent', 'sendError', 'sendProxy', 'proxyRequest', 'respondWith', 'write'])

/** Whether a statement may send the answer before what follows it runs. */
function mayAnswer(statement: Node): boolean {
  let answers = false
  visit(statement, (node) => {
    if (node.type === 'ReturnStatement' || (node.type === 'BreakStatement' && node.label) || node.type === 'LabeledStatement') {
      answers = true
    }
    if (node.type === 'CallExpression') {
      const callee = node.callee as Node
      const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? (callee.property as Node).name : undefined
      if (typeof name === 'string' && SENDS.has(name)) {
        answers = true
      }
    }
  }, ['ArrowFunctionExpression', 'FunctionExpression', 'FunctionDeclaration'])
  return answers
}

/** Every node under `node`, except inside the node types in `skip`. */
function visit(node: Node, enter: (node: Node) => void, skip: readonly string[] = []): void {
  enter(node)
  for (const value of Object.values(node)) {
    for (const child of Array.isArray(value) ? value : [value]) {
      if (isNode(child) && !skip.includes(child.type)) {
        visit(child, enter, skip)
      }
    }
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).type === 'string'
}

function readGuard(call: string, args: Node[]): FoundGuard {
  const dynamic: FoundGuard = { kind: 'dynamic', call }
  if (call === 'requireRole') {
    const roles = strings(args[0])
    const options = args[1] === undefined ? {} : literalObject(args[1])
    const all = options?.all
    return roles && options && (typeof all === 'boolean' || all === undefined) ? { kind: 'role', roles, all: all === true } : dynamic
  }
  if (call === 'requireAbility') {
    const action = string(args[0])
    if (action === undefined) {
      return dynamic
    }
    const subject = string(args[1])
    const field = args[2] === undefined ? undefined : string(args[2])
    if (subject === undefined) {
      return { kind: 'record', action }
    }
    return field === undefined ? { kind: 'ability', action, subject } : { kind: 'ability', action, subject, field }
  }
  const requirement = args[0] ? literalObject(args[0]) : undefined
  if (!requirement) {
    return dynamic
  }
  const found: FoundGuard = { kind: 'requirement' }
  if (requirement.role !== undefined) {
    if (!Array.isArray(requirement.role)) {
      return dynamic
    }
    found.role = requirement.role
  }
  if (requirement.all !== undefined) {
    found.all = requirement.all === true
  }
  if (requirement.can !== undefined) {
    if (!Array.isArray(requirement.can) || requirement.can.length < 2) {
      return requirement.can === RECORD ? { kind: 'record', action: '?' } : dynamic
    }
    found.can = requirement.can as [string, string, string?]
  }
  return found
}

const RECORD = Symbol('record')

/** `'admin' as const`, `('admin')`, `x satisfies Role`: the expression inside. */
function unwrap(node: Node | undefined): Node | undefined {
  while (node && ['TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'ParenthesizedExpression'].includes(node.type)) {
    node = node.expression as Node
  }
  return node
}

function string(wrapped: Node | undefined): string | undefined {
  const node = unwrap(wrapped)
  return node?.type === 'Literal' && typeof node.value === 'string' ? node.value : undefined
}

/** A role or a list of roles, written literally. */
function strings(wrapped: Node | undefined): string[] | undefined {
  const node = unwrap(wrapped)
  const one = string(node)
  if (one !== undefined) {
    return [one]
  }
  if (node?.type !== 'ArrayExpression') {
    return undefined
  }
  const values = (node.elements as Node[]).map(string)
  return values.every(value => value !== undefined) ? values as string[] : undefined
}

/** `{ role: …, all: …, can: [...] }` with literal values; undefined for anything else. */
function literalObject(wrapped: Node): { role?: string[], all?: unknown, can?: unknown } | undefined {
  const node = unwrap(wrapped)
  if (node?.type !== 'ObjectExpression') {
    return undefined
  }
  const result: { role?: string[], all?: unknown, can?: unknown } = {}
  for (const property of node.properties as Node[]) {
    const key = property.type === 'Property' && !property.computed ? (property.key as Node) : undefined
    const name = key?.type === 'Identifier' ? key.name as string : string(key)
    if (!name) {
      return undefined
    }
    const value = unwrap(property.value as Node)!
    if (name === 'role') {
      const roles = strings(value)
      if (!roles) {
        return undefined
      }
      result.role = roles
    }
    else if (name === 'all') {
      if (value.type !== 'Literal' || typeof value.value !== 'boolean') {
        return undefined
      }
      result.all = value.value
    }
    else if (name === 'can') {
      const elements = value.type === 'ArrayExpression' ? (value.elements as Node[]) : undefined
      const action = string(elements?.[0])
      const subject = string(elements?.[1])
      const field = elements?.[2] === undefined ? undefined : string(elements[2])
      if (action === undefined || (elements?.[2] !== undefined && field === undefined)) {
        // Not written literally: what it asks cannot be read, never "nothing".
        return undefined
      }
      result.can = subject !== undefined ? [action, subject, ...(field === undefined ? [] : [field])] : RECORD
    }
    else {
      return undefined
    }
  }
  return result
}
