// The algebra the rule translation builds with: and, or and not over conditions, folding constants
// (a rule that decides without looking at the record is true or false) and flattening nested
// and/or, so that a query never carries a condition that cannot change its answer.
import type { AccessCondition } from './condition'

/** A condition, or a constant when the rules decide without looking at the record. */
export type Folded = AccessCondition | boolean

export function and(items: readonly Folded[]): Folded {
  const kept: AccessCondition[] = []
  for (const item of items) {
    if (item === false) {
      return false
    }
    if (item !== true) {
      kept.push(...(item.operator === 'and' ? item.value : [item]))
    }
  }
  return kept.length === 0 ? true : kept.length === 1 ? kept[0]! : freeze({ operator: 'and', value: Object.freeze(kept) })
}

export function or(items: readonly Folded[]): Folded {
  const kept: AccessCondition[] = []
  for (const item of items) {
    if (item === true) {
      return true
    }
    if (item !== false) {
      kept.push(...(item.operator === 'or' ? item.value : [item]))
    }
  }
  return kept.length === 0 ? false : kept.length === 1 ? kept[0]! : freeze({ operator: 'or', value: Object.freeze(kept) })
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
