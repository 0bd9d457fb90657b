import type { MongoQuery } from '@casl/ability'
import { isAbilityDefinition } from './define-abilities'
import type { AbilityDefinition, AbilityInput, RbacRawRule, RuleBuilder } from './define-abilities'
import type { Role } from '../types'
import { PREFIX } from '../names'

/**
 * Runs an ability definition into plain CASL rules and caches them, frozen, so the definition
 * runs once per distinct input: once per role set, or, when the definition reads `user`, once
 * per role set and user id. A cached entry holds rules only, never request data.
 */
export class AbilityRulesCache {
  private readonly userDependent = new Map<string, boolean>()
  private readonly rules = new Map<string, readonly RbacRawRule[]>()
  private guestRules: readonly RbacRawRule[] | undefined

  constructor(private readonly definition: AbilityDefinition, private readonly maxEntries = 1000) {}

  rulesFor(roles: readonly string[], uid: string | undefined, guest = false): readonly RbacRawRule[] {
    if (guest) {
      return this.guestRules ??= runDefinition(this.definition, [], undefined, true).rules
    }
    const rolesKey = [...roles].sort().join('\n')
    const knownUserDependent = this.userDependent.get(rolesKey)
    const key = knownUserDependent ? `${rolesKey}\u0000${uid ?? ''}` : rolesKey
    const cached = this.rules.get(key)
    if (cached) {
      return cached
    }
    const { rules, readUser } = runDefinition(this.definition, roles, uid)
    this.userDependent.set(rolesKey, readUser)
    this.remember(readUser ? `${rolesKey}\u0000${uid ?? ''}` : rolesKey, rules)
    return rules
  }

  private remember(key: string, rules: readonly RbacRawRule[]): void {
    if (this.rules.size >= this.maxEntries) {
      // Oldest first: Map keeps insertion order.
      this.rules.delete(this.rules.keys().next().value!)
    }
    this.rules.set(key, rules)
  }
}

/** The rules cache for what the abilities file exported; refuses anything but `defineAbilities(…)`. */
export function createRulesCache(exported: unknown): AbilityRulesCache {
  if (!isAbilityDefinition(exported)) {
    throw new TypeError(`${PREFIX} The abilities file must \`export default defineAbilities(…)\`.`)
  }
  return new AbilityRulesCache(exported)
}

/** Runs the definition once; reports whether it looked at `user`. */
export function runDefinition(definition: AbilityDefinition, roles: readonly string[], uid: string | undefined, guest = false): { rules: readonly RbacRawRule[], readUser: boolean } {
  const rules: RbacRawRule[] = []
  let readUser = false
  const user = Object.freeze({ uid })
  // Roles were filtered to the configured list before they got here.
  const known = Object.freeze([...roles]) as readonly Role[]
  const input: AbilityInput = {
    roles: known,
    role: known[0],
    guest,
    get user() {
      readUser = true
      return user
    },
  }
  const result = definition.define(input, createRuleBuilder(rules)) as unknown
  if (result instanceof Promise || (typeof result === 'object' && result !== null && 'then' in result)) {
    throw new TypeError(`${PREFIX} defineAbilities() must be synchronous: the same rules run in templates.`)
  }
  return { rules: deepFreeze(rules), readUser }
}

function createRuleBuilder(rules: RbacRawRule[]): RuleBuilder {
  const add = (inverted: boolean): RuleBuilder['can'] => (action, subject, fieldsOrConditions, conditions) => {
    const fields = typeof fieldsOrConditions === 'string' || Array.isArray(fieldsOrConditions) ? fieldsOrConditions : undefined
    const where = fields === undefined ? fieldsOrConditions as MongoQuery | undefined : conditions
    // A condition on an undefined value (say `authorId: user.uid` for a user without id) would
    // match every record lacking the field. Such a grant is dropped; a restriction is kept.
    if (!inverted && where !== undefined && containsUndefined(where)) {
      return { because: () => {} }
    }
    const rule: RbacRawRule = { action, subject }
    if (inverted) {
      rule.inverted = true
    }
    if (fields !== undefined) {
      rule.fields = structuredClone(fields)
    }
    if (where !== undefined) {
      rule.conditions = structuredClone(where)
    }
    rules.push(rule)
    return {
      because(reason, options = {}) {
        if (typeof reason !== 'string' || reason === '') {
          throw new TypeError(`${PREFIX} because() takes the reason as a non-empty string`)
        }
        // The definition runs to its end before its rules are frozen: this is still the rule's draft.
        rule.reason = reason
        if (options.expose === true) {
          rule.exposeReason = true
        }
      },
    }
  }
  return { can: add(false), cannot: add(true) }
}

function containsUndefined(value: unknown, depth = 0): boolean {
  if (value === undefined) {
    return true
  }
  if (depth > 16 || typeof value !== 'object' || value === null) {
    return false
  }
  return Object.values(value).some(child => containsUndefined(child, depth + 1))
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) {
      deepFreeze(child)
    }
  }
  return value
}
