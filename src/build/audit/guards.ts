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
 * The guards a handler calls, in source order; throws on a file the parser cannot read. A guard
 * counts only where it always runs before the handler answers: a statement of the handler's own
 * body. One inside an `if`, a `try` (a `catch` may swallow its 401/403), a loop, a callback or
 * the far side of `&&`/`?:` is reported as `conditional`, and does not make the route guarded.
 */
export function findGuards(code: string, filename: string): FoundGuard[] {
  const { program, errors } = parseSync(filename, code)
  if (errors.length > 0) {
    throw new SyntaxError(`${filename}: ${errors[0]!.message}`)
  }
  const always = new Set<Node>()
  for (const statement of handlerBody(program as unknown as Node)) {
    collectUnconditionalCalls(statement, always)
  }
  const guards: FoundGuard[] = []
  visit(program as unknown as Node, (node) => {
    if (node.type !== 'CallExpression') {
      return
    }
    const callee = node.callee as Node
    const name = callee.type === 'Identifier' ? callee.name as string : undefined
    if (name && REQUIRE.has(name)) {
      guards.push(always.has(node) ? readGuard(name, (node.arguments as Node[]).slice(1)) : { kind: 'conditional', call: name })
    }
    else if (name && CUSTOM.has(name)) {
      guards.push({ kind: 'custom', call: name })
    }
  })
  return guards
}

const HANDLER_FACTORIES = new Set(['defineEventHandler', 'eventHandler', 'defineCachedEventHandler', 'cachedEventHandler', 'defineLazyEventHandler'])

/** The statements of `export default defineEventHandler(async (event) => { … })` (or the object form's `handler`). */
function handlerBody(program: Node): Node[] {
  const exported = (program.body as Node[]).find(node => node.type === 'ExportDefaultDeclaration')?.declaration as Node | undefined
  let handler = exported
  if (exported?.type === 'CallExpression' && (exported.callee as Node).type === 'Identifier' && HANDLER_FACTORIES.has((exported.callee as Node).name as string)) {
    const [first] = exported.arguments as Node[]
    handler = first?.type === 'ObjectExpression'
      ? ((first.properties as Node[]).find(property => ((property.key as Node | undefined)?.name) === 'handler')?.value as Node | undefined)
      : first
  }
  if (!handler || (handler.type !== 'ArrowFunctionExpression' && handler.type !== 'FunctionExpression' && handler.type !== 'FunctionDeclaration')) {
    return []
  }
  const body = handler.body as Node
  return body.type === 'BlockStatement' ? body.body as Node[] : [body]
}

const SKIPPED_BRANCHES: Record<string, string[]> = {
  ConditionalExpression: ['consequent', 'alternate'],
  LogicalExpression: ['right'],
  IfStatement: ['consequent', 'alternate'],
}
const SKIPPED_NODES = new Set(['ArrowFunctionExpression', 'FunctionExpression', 'FunctionDeclaration', 'TryStatement', 'ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement', 'SwitchStatement', 'ClassDeclaration', 'ClassExpression', 'ChainExpression'])

/** Calls that run whenever this top-level statement runs. */
function collectUnconditionalCalls(node: Node, into: Set<Node>): void {
  if (SKIPPED_NODES.has(node.type)) {
    return
  }
  if (node.type === 'CallExpression') {
    into.add(node)
  }
  const skipped = SKIPPED_BRANCHES[node.type] ?? []
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

function visit(node: Node, enter: (node: Node) => void): void {
  enter(node)
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) {
      for (const child of value) {
        if (isNode(child)) {
          visit(child, enter)
        }
      }
    }
    else if (isNode(value)) {
      visit(value, enter)
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
    const all = args[1] === undefined ? false : literalObject(args[1])?.all
    return roles && (typeof all === 'boolean' || all === undefined) ? { kind: 'role', roles, all: all === true } : dynamic
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
      result.all = value.type === 'Literal' ? value.value : undefined
    }
    else if (name === 'can') {
      const elements = value.type === 'ArrayExpression' ? (value.elements as Node[]) : undefined
      const action = string(elements?.[0])
      const subject = string(elements?.[1])
      result.can = action !== undefined && subject !== undefined ? [action, subject, ...(elements?.[2] ? [string(elements[2])] : [])] : (action !== undefined ? RECORD : undefined)
    }
  }
  return result
}
