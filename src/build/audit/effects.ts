import { calleeName, calleeText, isLiteral, unwrap, visit, within } from './ast'
import { BODY_READS, CREATE_ERROR, EVENT_READS, MODULE_CHECKS, PLAIN_ERROR_KEYS, PURE_GLOBALS, PURE_METHODS, PURE_NAMESPACES, READS, VALIDATED_READS, WRITER } from './vocabulary'
import type { Node } from './ast'
import type { Entrance } from './entrances'
import type { Binding, Scopes } from './scope'

/** Something the code of an entrance does, and where it takes effect (the offset it has run by). */
export interface Effect {
  at: number
  what: string
}

export interface EntranceEffects {
  /** What may write the answer (or hand the response to code that may): a guard after it may come too late. */
  answers: Effect[]
  /** Calls that cannot answer but do something (a query, reading the body): worth running after the guard. */
  sideEffects: Effect[]
}

/** Whether an identifier, bound as it is where it is used, is the one the module (or h3) provides. */
export type IsProvided = (identifier: Node, binding: Binding) => boolean

const FUNCTIONS = new Set(['ArrowFunctionExpression', 'FunctionExpression', 'FunctionDeclaration'])
const WRAPPERS = new Set(['TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'ParenthesizedExpression'])

/** Everything the entrance's function may do that matters to a guard, in the order of the source. */
export function effectsOf(entrance: Entrance, scopes: Scopes, isProvided: IsProvided): EntranceEffects {
  const answers: Effect[] = []
  const sideEffects: Effect[] = []
  const fn = entrance.fn
  if (!fn) {
    return { answers, sideEffects }
  }
  const eventName = entrance.param?.name as string | undefined
  const provided = (callee: Node, names: Set<string>) => callee.type === 'Identifier' && names.has(callee.name as string) && isProvided(callee, scopes.bindingOf(callee))
  const isCreateError = (node: Node | undefined) => node?.type === 'CallExpression' && provided(unwrap(node.callee as Node)!, CREATE_ERROR)
  const enter = (node: Node): void => {
    // An error thrown before the guard is the answer: h3 sends its status, message and data. A
    // createError() call answers for itself below, wherever it goes (a throw, reject(), a variable).
    if (node.type === 'ThrowStatement' && !isCreateError(unwrap(node.argument as Node))) {
      answers.push({ at: node.end as number, what: 'a throw' })
    }
    if ((node.type === 'ReturnStatement' || node.type === 'YieldExpression') && enclosingFunction(node, scopes) === fn) {
      answers.push({ at: node.end as number, what: node.type === 'ReturnStatement' ? 'a return' : 'a yield' })
    }
    if (node.type === 'CallExpression' || node.type === 'TaggedTemplateExpression') {
      const callee = unwrap((node.callee ?? node.tag) as Node)!
      const name = calleeName(callee)
      if (name !== undefined && WRITER.test(name)) {
        answers.push({ at: node.end as number, what: `${calleeText(callee)}()` })
      }
      else if (provided(callee, VALIDATED_READS)) {
        answers.push({ at: node.end as number, what: `${calleeText(callee)}() (its validator's error is the answer)` })
      }
      else if (provided(callee, CREATE_ERROR) && !isPlainError((node.arguments as Node[])[0])) {
        answers.push({ at: node.end as number, what: 'createError() with more than a literal status and message' })
      }
      else if (isPromiseReject(callee, scopes) && !isCreateError(unwrap((node.arguments as Node[])[0]))) {
        answers.push({ at: node.end as number, what: 'Promise.reject()' })
      }
      else if (isSideEffect(callee, scopes, provided)) {
        sideEffects.push({ at: node.end as number, what: `${calleeText(callee)}()` })
      }
    }
    if (node.type === 'Identifier' && isReference(node, scopes)) {
      const binding = scopes.bindingOf(node)
      if (node.name === 'arguments' && binding.kind === 'free' && enclosingFunction(node, scopes, true) === fn) {
        answers.push({ at: node.end as number, what: 'arguments (the event, by another name)' })
      }
      const declared = binding.kind === 'local' ? binding.declaration : undefined
      if (eventName && node !== entrance.param && declared?.node === (entrance.param as unknown)) {
        const use = eventUse(node, eventName, scopes, provided)
        if (use) {
          answers.push(use)
        }
      }
      // A function of the handler's own, declared further down, runs before the guard if called here.
      const declaration = declared?.type === 'Function' ? declared.node as unknown as Node : undefined
      if (declaration && declaration !== fn && within(declaration, fn) && (declaration.start as number) > (node.start as number)) {
        answers.push({ at: node.end as number, what: `${node.name as string}, a function of the handler declared further down` })
      }
    }
  }
  visit(fn, enter)
  return { answers, sideEffects }
}

/** How the handler's event is used here, when that may answer or change what the guard reads. */
function eventUse(identifier: Node, eventName: string, scopes: Scopes, provided: (callee: Node, names: Set<string>) => boolean): Effect | undefined {
  let node = identifier
  let parent = scopes.parentOf(node)
  while (parent && WRAPPERS.has(parent.type)) {
    node = parent
    parent = scopes.parentOf(node)
  }
  if (!parent) {
    return undefined
  }
  if ((parent.type === 'CallExpression' || parent.type === 'NewExpression') && parent.callee !== node) {
    const callee = unwrap(parent.callee as Node)!
    if (parent.type === 'CallExpression' && (provided(callee, READS) || provided(callee, BODY_READS) || provided(callee, MODULE_CHECKS))) {
      return undefined
    }
    return { at: parent.end as number, what: `${calleeText(callee)}(${eventName}), code the audit does not know given the event` }
  }
  if (parent.type === 'MemberExpression' && parent.object === node) {
    const property = parent.computed ? undefined : (parent.property as Node).name as string
    if (property !== undefined && EVENT_READS.has(property)) {
      return undefined
    }
    if (property === 'headers' && isHeaderRead(parent, scopes)) {
      return undefined
    }
    if (property === 'context' && isContextRead(parent, scopes)) {
      return undefined
    }
    return { at: parent.end as number, what: `${eventName}${property === undefined ? '[…]' : `.${property}`}` }
  }
  return { at: identifier.end as number, what: `${eventName} itself (handed on, aliased or replaced)` }
}

/** `createError('Bad id')`, `createError({ statusCode: 400, statusMessage: 'Bad id' })`: literals only, no `data`. */
function isPlainError(argument: Node | undefined): boolean {
  const value = unwrap(argument)
  if (isLiteral(value)) {
    return true
  }
  return value?.type === 'ObjectExpression' && (value.properties as Node[]).every((property) => {
    const key = property.key as Node | undefined
    return property.type === 'Property' && property.kind === 'init' && !property.computed && !property.method
      && PLAIN_ERROR_KEYS.has((key?.name ?? key?.value) as string) && isLiteral(unwrap(property.value as Node))
  })
}

function isPromiseReject(callee: Node, scopes: Scopes): boolean {
  const object = callee.type === 'MemberExpression' ? unwrap(callee.object as Node) : undefined
  return object?.type === 'Identifier' && object.name === 'Promise' && scopes.bindingOf(object).kind === 'free' && calleeName(callee) === 'reject'
}

/** `event.headers.get(…)` / `.has(…)`. */
function isHeaderRead(member: Node, scopes: Scopes): boolean {
  const outer = scopes.parentOf(member)
  const method = outer?.type === 'MemberExpression' && !outer.computed ? (outer.property as Node).name : undefined
  const call = outer ? scopes.parentOf(outer) : undefined
  return (method === 'get' || method === 'has') && call?.type === 'CallExpression' && call.callee === outer
}

/**
 * A read of request data under `event.context` (`event.context.params.id`): not a call, not a write,
 * not the context object handed on, and not the module's own `rbac` entry, which the guard trusts.
 */
function isContextRead(member: Node, scopes: Scopes): boolean {
  const first = scopes.parentOf(member)
  if (first?.type !== 'MemberExpression' || first.object !== member || first.computed || (first.property as Node).name === 'rbac') {
    return false
  }
  let top = first
  let parent = scopes.parentOf(top)
  while (parent?.type === 'MemberExpression' && parent.object === top) {
    top = parent
    parent = scopes.parentOf(top)
  }
  if (!parent) {
    return false
  }
  const written = (parent.type === 'AssignmentExpression' && parent.left === top)
    || parent.type === 'UpdateExpression'
    || (parent.type === 'UnaryExpression' && parent.operator === 'delete')
    || ((parent.type === 'CallExpression' || parent.type === 'NewExpression') && parent.callee === top)
  return !written && !(parent.type === 'CallExpression' && (parent.arguments as Node[]).includes(top))
}

function isSideEffect(callee: Node, scopes: Scopes, provided: (callee: Node, names: Set<string>) => boolean): boolean {
  if (callee.type === 'Identifier') {
    if (provided(callee, READS) || provided(callee, MODULE_CHECKS)) {
      return false
    }
    return !(PURE_GLOBALS.has(callee.name as string) && scopes.bindingOf(callee).kind === 'free')
  }
  if (callee.type === 'MemberExpression') {
    const object = unwrap(callee.object as Node)!
    if (object.type === 'Identifier' && PURE_NAMESPACES.has(object.name as string) && scopes.bindingOf(object).kind === 'free') {
      return false
    }
    return !PURE_METHODS.has(calleeName(callee) ?? '')
  }
  return true
}

/** Whether an identifier is a use of a binding (not a property name, a key or a label). */
function isReference(identifier: Node, scopes: Scopes): boolean {
  const parent = scopes.parentOf(identifier)
  if (!parent) {
    return false
  }
  switch (parent.type) {
    case 'MemberExpression':
      return parent.computed === true || parent.property !== identifier
    case 'Property':
    case 'MethodDefinition':
    case 'PropertyDefinition':
      return parent.computed === true || parent.key !== identifier
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
    case 'ImportSpecifier':
    case 'ImportDefaultSpecifier':
    case 'ImportNamespaceSpecifier':
    case 'ExportSpecifier':
      return false
    default:
      return !parent.type.startsWith('TS') || WRAPPERS.has(parent.type)
  }
}

/** The function a node belongs to (arrows included, or only the ones with their own `arguments`). */
function enclosingFunction(node: Node, scopes: Scopes, ownArguments = false): Node | undefined {
  let current = scopes.parentOf(node)
  while (current && !(FUNCTIONS.has(current.type) && !(ownArguments && current.type === 'ArrowFunctionExpression'))) {
    current = scopes.parentOf(current)
  }
  return current
}
