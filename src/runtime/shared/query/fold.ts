// The algebra the rule translation builds with: and, or and not over conditions, folding constants
// (a rule that decides without looking at the record is true or false) and flattening nested
// and/or, so that a query never carries a condition that cannot change its answer.
import type { AccessCondition } from './condition'

/** A condition, or a constant when the rules decide without looking at the record. */
export type Folded = AccessCondition | boolean

export function and(items: readonly Folded[]): Folded {
  return combine('and', false, items)
}

export function or(items: readonly Folded[]): Folded {
  return combine('or', true, items)
}

/**
 * `and` or `or`: the constant that decides the whole (`absorbing`: false for and, true for or)
 * decides it, the other constant drops out, and nested conditions of the same operator flatten.
 */
function combine(operator: 'and' | 'or', absorbing: boolean, items: readonly Folded[]): Folded {
  const kept: AccessCondition[] = []
  for (const item of items) {
    if (typeof item === 'boolean') {
      if (item === absorbing) {
        return absorbing
      }
      continue
    }
    kept.push(...(item.operator === operator ? item.value : [item]))
  }
  return kept.length === 0 ? !absorbing : kept.length === 1 ? kept[0]! : freeze({ operator, value: Object.freeze(kept) })
}

export function not(item: Folded): Folded {
  if (typeof item === 'boolean') {
    return !item
  }
  return item.operator === 'not' ? item.value : freeze({ operator: 'not', value: item })
}

export function freeze<T extends AccessCondition>(condition: T): T {
  return Object.freeze(condition)
}
