import { createMongoAbility, mongoQueryMatcher, subject as asSubject } from '@casl/ability'
import { permittedFieldsOf } from '@casl/ability/extra'
import type { AnyRbacAbility, RbacRawRule } from './define-abilities'

const SUBJECT_TYPE_KEY = '__caslSubjectType__'

/**
 * The subject type of a record. Only a type set with CASL's `subject('Post', record)` counts:
 * it is a hidden (non-enumerable) property. A `__caslSubjectType__` that arrived as plain data —
 * say in a JSON request body — is enumerable and is ignored, so a client cannot pick the type
 * its own object is checked as. Class instances fall back to their class's static `modelName`
 * or its name, read from the PROTOTYPE: a body's own `constructor` or `modelName` key is data.
 */
export function trustedSubjectType(record: object): string {
  const descriptor = Object.getOwnPropertyDescriptor(record, SUBJECT_TYPE_KEY)
  if (descriptor && !descriptor.enumerable && typeof descriptor.value === 'string') {
    return descriptor.value
  }
  const prototype: unknown = Object.getPrototypeOf(record)
  if (prototype === null || prototype === Object.prototype) {
    return 'Object'
  }
  const constructor: unknown = Object.getOwnPropertyDescriptor(prototype, 'constructor')?.value
  if (typeof constructor !== 'function') {
    return 'Object'
  }
  const { modelName, name: className } = constructor as { modelName?: unknown, name?: unknown }
  const name = modelName ?? className
  return typeof name === 'string' && name !== '' && name !== 'Object' ? name : 'Object'
}

type ConditionsMatcher = ReturnType<typeof mongoQueryMatcher>
type Conditions = Parameters<typeof mongoQueryMatcher>[0]

// Compiled condition matchers, keyed by the frozen conditions object of a cached rule. A matcher
// is a pure function of its conditions: sharing it shares no request data, and it goes when the
// rules cache drops the rule. Compiling conditions was most of what building an ability cost.
const compiledConditions = new WeakMap<object, ConditionsMatcher>()

function conditionsMatcher(conditions: Conditions): ConditionsMatcher {
  if (!Object.isFrozen(conditions)) {
    return mongoQueryMatcher(conditions)
  }
  let matcher = compiledConditions.get(conditions)
  if (!matcher) {
    matcher = mongoQueryMatcher(conditions)
    compiledConditions.set(conditions, matcher)
  }
  return matcher
}

/** A fresh ability over shared frozen rules. Never share the instance: CASL and @casl/vue mutate it. */
export function buildAbility(rules: readonly RbacRawRule[]): AnyRbacAbility {
  return createMongoAbility(rules as RbacRawRule[], { detectSubjectType: trustedSubjectType, conditionsMatcher: conditionsMatcher as never })
}

/** `ability.can`, except that a missing subject is denied instead of being checked as `all`. */
export function checkAbility(ability: AnyRbacAbility, action: string, subject: unknown, field?: string): boolean {
  if (!subject || (typeof subject !== 'string' && typeof subject !== 'object')) {
    return false
  }
  if (field !== undefined && (typeof field !== 'string' || field === '')) {
    return false
  }
  return ability.can(action, subject as never, field)
}

/**
 * A copy of the record with only the fields the ability lets the caller perform `action` on
 * (CASL's permittedFieldsOf; a rule without fields allows all of the record's own fields).
 */
export function pickFieldsFor<T extends object>(ability: AnyRbacAbility, action: string, record: T, subjectType?: string): Partial<T> {
  const target = subjectType ? asSubject(subjectType, { ...record }) : record
  const fields = permittedFieldsOf(ability, action, target as never, {
    fieldsFrom: rule => rule.fields ?? Object.keys(record),
  })
  const allowed = new Set(fields)
  const picked: Partial<T> = {}
  for (const key of Object.keys(record) as Array<keyof T & string>) {
    if (allowed.has(key)) {
      picked[key] = record[key]
    }
  }
  return picked
}

/**
 * The reason a `cannot(…).because(…)` rule gives for refusing this check, and whether the app
 * marked it safe to show in production; undefined when no such rule decided it.
 */
export function refusingRule(ability: AnyRbacAbility, check: readonly [string, unknown, string?]): { reason: string, expose: boolean } | undefined {
  const [action, subject, field] = check
  if (typeof action !== 'string' || !subject || (typeof subject !== 'string' && typeof subject !== 'object')) {
    return undefined
  }
  const rule = ability.relevantRuleFor(action, subject as never, field)
  if (!rule?.inverted || typeof rule.reason !== 'string') {
    return undefined
  }
  return { reason: rule.reason, expose: (rule.origin as RbacRawRule).exposeReason === true }
}
