import { parseSync } from 'oxc-parser'
import type { FoundGuard } from '../../runtime/shared/audit/types'
import { isNode, unwrap, visit } from './ast'
import type { Node } from './ast'
import { readGuard } from './guard-arguments'

export type { FoundGuard }

// Read with a real parser (oxc), so that comments, strings and methods of the same name never count.
const REQUIRE = new Set(['requireRole', 'requireAbility', 'requireRbac'])
const CUSTOM = new Set(['hasRole', 'hasAbility', 'hasRbac', 'getRbac'])

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
