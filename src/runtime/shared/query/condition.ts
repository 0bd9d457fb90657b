import { PREFIX } from '../names'
import type { AnyRbacAbility } from '../abilities/define-abilities'
import { and, freeze, not, or } from './fold'
import type { Folded } from './fold'

/** A value a condition compares a column with. */
export type AccessValue = string | number | boolean | null

/**
 * The rules for one (action, subject type), as one condition on a record, with CASL's meaning
 * (see `AccessQuery`). Frozen. `not` comes from `cannot` rules; `and` from several operators or
 * fields in one rule and from a `cannot` that restricts the rules before it; `or` from several
 * `can` rules.
 */
export type AccessCondition
  = | { readonly operator: 'and' | 'or', readonly value: readonly AccessCondition[] }
    | { readonly operator: 'not', readonly value: AccessCondition }
    | { readonly operator: 'eq' | 'ne', readonly field: string, readonly value: AccessValue }
    | { readonly operator: 'lt' | 'lte' | 'gt' | 'gte', readonly field: string, readonly value: string | number }
    | { readonly operator: 'in' | 'nin', readonly field: string, readonly value: readonly AccessValue[] }

type CaslRule = ReturnType<AnyRbacAbility['rulesFor']>[number]

/** The slice of @ucast/core's condition classes this file reads. */
interface UcastNode {
  operator: string
  field?: unknown
  value?: unknown
}

const SUPPORTED = 'equality ({ field: value }), $eq, $ne, $lt, $lte, $gt, $gte, $in, $nin, $exists'

/** Where a rule came from, for error messages. */
export interface RuleContext {
  readonly action: string
  readonly subjectType: string
  readonly rules: readonly unknown[]
}

/**
 * The rules CASL's `ability.can(action, record)` consults for the subject type, folded into one
 * condition, or `true` / `false` when no record needs to be looked at.
 *
 * CASL checks a record against the rules in priority order (the last defined first) and the
 * first rule whose conditions match decides. That decision list is translated as it is:
 * `can c` before the rest is `c OR rest`, `cannot c` is `NOT c AND rest`, and a rule without
 * conditions ends the list. (`rulesToAST` from '@casl/ability/extra' puts every `cannot` above
 * every `can` instead, so a `can` defined after an overlapping `cannot` would lose records that
 * `ability.can` allows.) Rules the list never reaches are not translated, as CASL never checks them.
 */
export function conditionFromRules(ability: AnyRbacAbility, context: RuleContext): { condition: Folded, fields: readonly string[] } {
  const fields = new Set<string>()
  const reachable: Array<{ inverted: boolean, condition: Folded }> = []
  for (const rule of ability.rulesFor(context.action, context.subjectType)) {
    const condition = rule.conditions ? ruleCondition(rule, context, fields) : true
    reachable.push({ inverted: rule.inverted, condition })
    if (condition === true) {
      break
    }
  }
  let result: Folded = false
  for (let index = reachable.length - 1; index >= 0; index--) {
    const { inverted, condition } = reachable[index]!
    result = inverted ? and([not(condition), result]) : or([condition, result])
  }
  return { condition: result, fields: Object.freeze([...fields]) }
}

function ruleCondition(rule: CaslRule, context: RuleContext, fields: Set<string>): Folded {
  const refuse = (reason: string): never => {
    throw new Error(`${PREFIX} accessQuery(${JSON.stringify(context.action)}, ${JSON.stringify(context.subjectType)}) cannot translate ${describeRule(rule, context)}: ${reason}. No query is made rather than a wider one.`)
  }
  checkRawConditions(rule.conditions, refuse)
  let ast: unknown
  try {
    ast = rule.ast
  }
  catch (error) {
    // CASL's own parser refused the conditions (say `$lt: true`); `ability.can` throws the same.
    return refuse(`CASL cannot parse its conditions (${error instanceof Error ? error.message : String(error)})`)
  }
  return fromAst(ast as UcastNode, refuse, fields)
}

/** What the AST hides: `$options` parses to nothing, and a top-level `$or` to a field named "$or". */
function checkRawConditions(conditions: unknown, refuse: (reason: string) => never): void {
  if (typeof conditions !== 'object' || conditions === null) {
    return
  }
  for (const [field, query] of Object.entries(conditions)) {
    if (field.startsWith('$')) {
      refuse(`the operator ${field} is not supported: CASL 6's matcher has no ${field} and reads it as a field named "${field}" (supported: ${SUPPORTED})`)
    }
    if (isPlainObject(query) && Object.hasOwn(query, '$options')) {
      refuse(`the operator ${Object.hasOwn(query, '$regex') ? '$regex' : '$options'} is not supported (supported: ${SUPPORTED})`)
    }
  }
}

function fromAst(node: UcastNode, refuse: (reason: string) => never, fields: Set<string>): Folded {
  if (!('field' in node)) {
    const children = Array.isArray(node.value) ? node.value as UcastNode[] : []
    switch (node.operator) {
      case 'and':
        return and(children.map(child => fromAst(child, refuse, fields)))
      case 'or':
        return or(children.map(child => fromAst(child, refuse, fields)))
      case 'nor':
        return not(or(children.map(child => fromAst(child, refuse, fields))))
      case 'not':
        return not(and(children.map(child => fromAst(child, refuse, fields))))
      default:
        return refuse(`the operator $${node.operator} is not supported (supported: ${SUPPORTED})`)
    }
  }
  const field = node.field
  if (typeof field !== 'string' || field === '' || field.startsWith('$')) {
    return refuse(`${typeof field === 'string' && field.startsWith('$') ? `the operator ${field}` : `the field ${String(field)}`} is not supported (supported: ${SUPPORTED})`)
  }
  if (field.includes('.') || field === '__proto__') {
    return refuse(`the field "${field}" is a path into a nested object; only the record's own columns are supported`)
  }
  fields.add(field)
  const operator = node.operator
  const value = node.value
  switch (operator) {
    case 'eq':
    case 'ne': {
      // A row has every column, and no column holds `undefined`: `{ authorId: undefined }`
      // (a user without id) matches no row in CASL, and `$ne: undefined` every row.
      if (value === undefined) {
        return operator === 'ne'
      }
      if (isPlainObject(value) && Object.keys(value).some(key => key.startsWith('$'))) {
        const unknown = Object.keys(value).filter(key => key.startsWith('$')).join(', ')
        return refuse(`the operator ${unknown} is not supported (supported: ${SUPPORTED})`)
      }
      return freeze({ operator, field, value: scalar(value, operator, refuse) })
    }
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      const comparable = scalar(value, operator, refuse)
      if (typeof comparable !== 'string' && typeof comparable !== 'number') {
        return refuse(`$${operator} with ${describeType(value)} is not supported: compare with a string or a number`)
      }
      return freeze({ operator, field, value: comparable })
    }
    case 'in':
    case 'nin': {
      if (!Array.isArray(value)) {
        return refuse(`$${operator} needs an array`)
      }
      // `undefined` equals no column value, so it never matches and is dropped.
      const values = value.filter(item => item !== undefined).map(item => scalar(item, operator, refuse))
      if (values.length === 0) {
        return operator === 'nin'
      }
      return freeze({ operator, field, value: Object.freeze([...new Set(values)]) })
    }
    case 'exists':
      // CASL's $exists asks whether the record has the property, null or not. A row from the
      // table has every column, so the answer does not depend on the row.
      return value === true
    default:
      return refuse(`the operator $${operator} is not supported (supported: ${SUPPORTED})`)
  }
}

function scalar(value: unknown, operator: string, refuse: (reason: string) => never): AccessValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') {
    return value
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      return refuse(`$${operator} with the number ${value} is not supported: NaN and Infinity compare differently in SQL`)
    }
    return value
  }
  return refuse(`$${operator} with ${describeType(value)} is not supported: values must be strings, numbers, booleans or null`)
}

function describeType(value: unknown): string {
  if (value instanceof Date) {
    return 'a Date'
  }
  if (value instanceof RegExp) {
    return 'a regular expression'
  }
  if (Array.isArray(value)) {
    return 'an array'
  }
  return value === null ? 'null' : `a value of type ${typeof value}`
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) {
    return false
  }
  const prototype: unknown = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/** `can("read", "Post", {"authorId":"u1"})`, with the rule's place among the raw rules. */
function describeRule(rule: CaslRule, context: RuleContext): string {
  const origin = rule.origin as { action: unknown, subject?: unknown, fields?: unknown, conditions?: unknown, inverted?: boolean }
  const position = context.rules.indexOf(origin)
  const args = [origin.action, origin.subject, ...(origin.fields === undefined ? [] : [origin.fields]), origin.conditions]
  const where = position === -1 ? 'a rule' : `rule ${position + 1} of ${context.rules.length}`
  return `${where}, ${origin.inverted ? 'cannot' : 'can'}(${args.map(toJson).join(', ')})`
}

function toJson(value: unknown): string {
  try {
    return JSON.stringify(value, function (this: Record<string, unknown>, key: string, item: unknown) {
      const raw = this[key]
      if (raw instanceof RegExp) {
        return String(raw)
      }
      if (raw instanceof Date) {
        return `Date(${Number.isNaN(raw.getTime()) ? 'Invalid' : raw.toISOString()})`
      }
      if (typeof raw === 'function') {
        return '[function]'
      }
      if (typeof raw === 'bigint') {
        return `${raw}n`
      }
      return item
    }) ?? String(value)
  }
  catch {
    return String(value)
  }
}
