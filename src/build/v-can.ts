import { ElementTypes, NodeTypes, createCompilerError, createSimpleExpression } from '@vue/compiler-core'
import type { DirectiveNode, ElementNode, NodeTransform, ParentNode, SourceLocation, TemplateChildNode } from '@vue/compiler-core'
import { CAN_HELPER, PREFIX, ROLE_HELPER } from '../runtime/shared/names'

/** A template directive the transform turns into a condition: its name, its modifiers, its check. */
interface ConditionDirective {
  name: string
  modifiers: readonly string[]
  usage: string
  check: (source: string, modifiers: ReadonlySet<string>) => string
}

const conditionDirectives: readonly ConditionDirective[] = [
  {
    name: 'can',
    modifiers: ['not'],
    usage: `v-can="['update', post]" or v-can="['read', 'Post', 'title']"`,
    check: source => `${CAN_HELPER}(${source})`,
  },
  {
    name: 'role',
    modifiers: ['all', 'not'],
    usage: `v-role="'admin'", v-role="['admin', 'editor']" (any of them) or v-role.all="['editor', 'billing']"`,
    // Parenthesised: a comma in the value must not become the `all` argument.
    check: (source, modifiers) => `${ROLE_HELPER}((${source}), ${modifiers.has('all')})`,
  },
]

/**
 * Compiles `v-can="['update', post]"` and `v-role="'admin'"` (with `.not`, and `.all` for
 * roles) into `v-if`, so a denied element is never rendered — neither in the DOM nor in the
 * server-rendered HTML, where Vue skips runtime directives. `v-if` is a structural transform that
 * runs before any custom transform on the same node, so the rewrite happens one level up: on
 * entering a parent, its children are rewritten before the compiler visits them.
 */
export const transformRbacDirectives: NodeTransform = (node) => {
  if (!('children' in node) || !Array.isArray(node.children)) {
    return
  }
  const parent = node as ParentNode
  for (let index = 0; index < parent.children.length; index++) {
    const child = parent.children[index] as TemplateChildNode
    if (child.type === NodeTypes.ELEMENT) {
      parent.children[index] = rewriteElement(child) as typeof parent.children[number]
    }
  }
}

function findDirective(element: ElementNode, name: string): number {
  return element.props.findIndex(prop => prop.type === NodeTypes.DIRECTIVE && prop.name === name)
}

function compileError(loc: SourceLocation, message: string): Error {
  return Object.assign(createCompilerError(0, loc), { message: `${PREFIX} ${message}` })
}

/** The condition one directive stands for; its misuse (no value, an argument, an unknown modifier) fails the build. */
function conditionOf(directive: DirectiveNode, { name, modifiers: allowed, usage, check }: ConditionDirective): string {
  if (directive.arg) {
    throw compileError(directive.loc, `v-${name} takes no argument (${directive.rawName}): ${usage}.`)
  }
  if (!directive.exp || (directive.exp.type === NodeTypes.SIMPLE_EXPRESSION && directive.exp.content.trim() === '')) {
    throw compileError(directive.loc, `v-${name} needs a value: ${usage}.`)
  }
  const modifiers = new Set(directive.modifiers.map(modifier => (typeof modifier === 'string' ? modifier : modifier.content)))
  for (const modifier of modifiers) {
    // A misspelt modifier would quietly change the meaning (`.al` would check any of the roles).
    if (!allowed.includes(modifier)) {
      throw compileError(directive.loc, `v-${name} has no .${modifier} modifier; it knows ${allowed.map(known => `.${known}`).join(' and ')}.`)
    }
  }
  return `${modifiers.has('not') ? '!' : ''}${check(directive.exp.loc.source, modifiers)}`
}

function rewriteElement(element: ElementNode): ElementNode {
  const checks: string[] = []
  for (const directive of conditionDirectives) {
    const index = findDirective(element, directive.name)
    if (index !== -1) {
      checks.push(conditionOf(element.props.splice(index, 1)[0] as DirectiveNode, directive))
    }
  }
  if (checks.length === 0) {
    return element
  }

  // The app's own v-if / v-else-if / v-else chooses the branch; the check only decides whether
  // the chosen branch renders. Folded into the branch's condition, a denial would fall through
  // to the v-else written for the opposite case.
  const branchIndex = element.props.findIndex(prop => prop.type === NodeTypes.DIRECTIVE && ['if', 'else-if', 'else'].includes(prop.name))
  const branch = branchIndex === -1 ? undefined : element.props.splice(branchIndex, 1)[0]!
  // Vue evaluates v-if before v-for on one element, so the check could not see the loop
  // variable: the loop (and its key) moves to a wrapping <template>, the check stays inside.
  const forIndex = findDirective(element, 'for')
  const loop = forIndex === -1 ? [] : [element.props.splice(forIndex, 1)[0]!, ...takeKey(element)]

  element.props.push(conditionDirective('if', checks.join(' && '), element))
  if (element.tag === 'template' && element.tagType === ElementTypes.ELEMENT) {
    // The parser only treats <template> as a fragment when it carries v-if/v-for/v-slot.
    element.tagType = ElementTypes.TEMPLATE as ElementTypes.ELEMENT
  }
  let node = element
  if (loop.length > 0) {
    node = wrap(node, loop)
  }
  if (branch) {
    node = wrap(node, [branch])
  }
  return node
}

function takeKey(element: ElementNode): ElementNode['props'] {
  const keyIndex = element.props.findIndex(prop =>
    (prop.type === NodeTypes.ATTRIBUTE && prop.name === 'key')
    || (prop.type === NodeTypes.DIRECTIVE && prop.name === 'bind' && prop.arg?.type === NodeTypes.SIMPLE_EXPRESSION && prop.arg.content === 'key'))
  return keyIndex === -1 ? [] : element.props.splice(keyIndex, 1)
}

/** A <template> carrying the given directives around the node. */
function wrap(node: ElementNode, props: ElementNode['props']): ElementNode {
  return {
    ...node,
    tag: 'template',
    tagType: ElementTypes.TEMPLATE,
    props,
    children: [node],
    codegenNode: undefined,
  } as unknown as ElementNode
}

function conditionDirective(name: 'if' | 'else-if', expression: string, element: ElementNode): DirectiveNode {
  return {
    type: NodeTypes.DIRECTIVE,
    name,
    rawName: `v-${name}`,
    exp: createSimpleExpression(expression, false, element.loc),
    arg: undefined,
    modifiers: [],
    loc: element.loc,
  }
}
