import { ElementTypes, NodeTypes, createCompilerError, createSimpleExpression } from '@vue/compiler-core'
import type { DirectiveNode, ElementNode, NodeTransform, ParentNode, TemplateChildNode } from '@vue/compiler-core'

/** The global property the compiled check calls (set by the module's app plugin). */
export const CAN_HELPER = '$rbacCan'

/**
 * Compiles `v-can="['update', post]"` (and `v-can.not`) into `v-if`, so a denied element is
 * never rendered — neither in the DOM nor in the server-rendered HTML, where Vue skips runtime
 * directives. `v-if` is a structural transform that runs before any custom transform on the same
 * node, so the rewrite happens one level up: on entering a parent, its children are rewritten
 * before the compiler visits them.
 */
export const transformVCan: NodeTransform = (node) => {
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

function rewriteElement(element: ElementNode): ElementNode {
  const canIndex = findDirective(element, 'can')
  if (canIndex === -1) {
    return element
  }
  const directive = element.props.splice(canIndex, 1)[0] as DirectiveNode
  if (!directive.exp || (directive.exp.type === NodeTypes.SIMPLE_EXPRESSION && directive.exp.content.trim() === '')) {
    throw Object.assign(createCompilerError(0, directive.loc), {
      message: '[nuxt-auth-rbac] v-can needs a value: v-can="[\'update\', post]" or v-can="[\'read\', \'Post\', \'title\']".',
    })
  }
  const source = directive.exp.loc.source
  const negate = directive.modifiers.some(modifier => (typeof modifier === 'string' ? modifier : modifier.content) === 'not')
  const check = `${negate ? '!' : ''}${CAN_HELPER}(${source})`

  const forIndex = findDirective(element, 'for')
  if (forIndex !== -1) {
    return wrapLoop(element, forIndex, check)
  }
  addCondition(element, check)
  if (element.tag === 'template' && element.tagType === ElementTypes.ELEMENT) {
    // The parser only treats <template> as a fragment when it carries v-if/v-for/v-slot.
    element.tagType = ElementTypes.TEMPLATE as ElementTypes.ELEMENT
  }
  return element
}

/** Adds the check to the element's own v-if / v-else-if, or turns v-else into v-else-if. */
function addCondition(element: ElementNode, check: string): void {
  const branchIndex = element.props.findIndex(prop => prop.type === NodeTypes.DIRECTIVE && ['if', 'else-if', 'else'].includes(prop.name))
  const branch = element.props[branchIndex] as DirectiveNode | undefined
  if (!branch) {
    element.props.push(conditionDirective('if', check, element))
    return
  }
  const combined = branch.name === 'else' || !branch.exp ? check : `(${branch.exp.loc.source}) && ${check}`
  element.props[branchIndex] = conditionDirective(branch.name === 'if' ? 'if' : 'else-if', combined, element)
}

/**
 * On one element Vue evaluates v-if before v-for, so the check could not see the loop variable.
 * The loop (and its key) moves to a wrapping <template>; the element keeps the check.
 */
function wrapLoop(element: ElementNode, forIndex: number, check: string): ElementNode {
  const loop = element.props.splice(forIndex, 1)[0]!
  const keyIndex = element.props.findIndex(prop =>
    (prop.type === NodeTypes.ATTRIBUTE && prop.name === 'key')
    || (prop.type === NodeTypes.DIRECTIVE && prop.name === 'bind' && prop.arg?.type === NodeTypes.SIMPLE_EXPRESSION && prop.arg.content === 'key'))
  const key = keyIndex === -1 ? [] : element.props.splice(keyIndex, 1)
  addCondition(element, check)
  return {
    ...element,
    tag: 'template',
    tagType: ElementTypes.TEMPLATE,
    props: [loop, ...key],
    children: [element],
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
