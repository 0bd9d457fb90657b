/** The little the audit needs of an ESTree AST, as oxc-parser produces it. */
export interface Node {
  type: string
  [key: string]: unknown
}

/** Every node under `node`, except inside the node types in `skip`. */
export function visit(node: Node, enter: (node: Node) => void, skip: readonly string[] = []): void {
  enter(node)
  for (const value of Object.values(node)) {
    for (const child of Array.isArray(value) ? value : [value]) {
      if (isNode(child) && !skip.includes(child.type)) {
        visit(child, enter, skip)
      }
    }
  }
}

export function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).type === 'string'
}

/** `'admin' as const`, `('admin')`, `x satisfies Role`: the expression inside. */
export function unwrap(node: Node | undefined): Node | undefined {
  while (node && ['TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'ParenthesizedExpression'].includes(node.type)) {
    node = node.expression as Node
  }
  return node
}
