// Which calls of a handler always run when it is entered: awaited or returned in the entrance's own
// statements, not on a branch, in a loop, a try, a nested function or an optional chain. A guard
// among them holds for the whole handler (src/build/audit/guards.ts).
import { isNode, unwrap } from './ast'
import type { Node } from './ast'
import type { Entrance } from './entrances'

const SKIPPED_BRANCHES: Record<string, string[]> = {
  ConditionalExpression: ['consequent', 'alternate'],
  LogicalExpression: ['right'],
  IfStatement: ['consequent', 'alternate'],
}
const LOGICAL_ASSIGNMENTS = new Set(['||=', '&&=', '??='])
const SKIPPED_NODES = new Set(['ArrowFunctionExpression', 'FunctionExpression', 'FunctionDeclaration', 'TryStatement', 'ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement', 'SwitchStatement', 'ClassDeclaration', 'ClassExpression', 'ChainExpression', 'LabeledStatement'])

/** Calls awaited (or returned) whenever the entrance runs: in its own statements, on no branch. */
export function unconditionalCalls(entrance: Entrance): Set<Node> {
  const into = new Set<Node>()
  for (const statement of entrance.statements) {
    collectUnconditionalCalls(statement, into)
  }
  return into
}

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
