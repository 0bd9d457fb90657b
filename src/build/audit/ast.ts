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

/** The called name: `send` for `send()`, `end` for `res.end()` and `res['end']()`. */
export function calleeName(callee: Node): string | undefined {
  if (callee.type === 'Identifier') {
    return callee.name as string
  }
  if (callee.type === 'MemberExpression') {
    const property = callee.property as Node
    return !callee.computed ? property.name as string : typeof property.value === 'string' ? property.value : undefined
  }
  return undefined
}

/** `event.node.res.end`, `db.query`, `(…)` for what has no short name. */
export function calleeText(callee: Node): string {
  const node = unwrap(callee)!
  if (node.type === 'Identifier') {
    return node.name as string
  }
  if (node.type === 'MemberExpression') {
    const name = calleeName(node)
    return `${calleeText(node.object as Node)}${name === undefined ? '[…]' : `.${name}`}`
  }
  if (node.type === 'CallExpression') {
    return `${calleeText(node.callee as Node)}()`
  }
  return '(…)'
}

/** A string or number literal, or a template without expressions. */
export function isLiteral(node: Node | undefined): boolean {
  return (node?.type === 'Literal' && (typeof node.value === 'string' || typeof node.value === 'number'))
    || (node?.type === 'TemplateLiteral' && (node.expressions as Node[]).length === 0)
}

/** Whether `inner` lies within `outer` in the source. */
export function within(inner: Node, outer: Node): boolean {
  return (inner.start as number) >= (outer.start as number) && (inner.end as number) <= (outer.end as number)
}
