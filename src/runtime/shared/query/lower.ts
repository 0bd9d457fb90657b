import { mongoQueryMatcher } from '@casl/ability'
import type { AccessCondition } from './condition'

export type ColumnValue = string | number | boolean
export type Comparison = 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte'

/**
 * A condition with every `not` pushed down to the columns, and each column test saying what it
 * answers for NULL. A test means "the column is not NULL and `column <operator> value`", or NULL
 * when `orNull`. With no negation left, a database's NULL from a comparison can only stand where
 * CASL says false: SQL's three-valued AND/OR give the same rows as CASL's two-valued ones.
 */
export type Lowered
  = | { readonly kind: 'and' | 'or', readonly items: readonly Lowered[] }
    | { readonly kind: 'compare', readonly field: string, readonly operator: Comparison, readonly value: ColumnValue, readonly orNull: boolean }
    | { readonly kind: 'in' | 'nin', readonly field: string, readonly values: readonly ColumnValue[], readonly orNull: boolean }
    | { readonly kind: 'null', readonly field: string, readonly isNull: boolean }

const COMPLEMENT = { lt: 'gte', lte: 'gt', gt: 'lte', gte: 'lt' } as const

const lowered = new WeakMap<AccessCondition, Lowered>()

/** The condition in negation-free form, computed once per (frozen) condition. */
export function lowerCondition(condition: AccessCondition): Lowered {
  let result = lowered.get(condition)
  if (!result) {
    result = lower(condition, false)
    lowered.set(condition, result)
  }
  return result
}

function lower(condition: AccessCondition, negated: boolean): Lowered {
  switch (condition.operator) {
    case 'and':
    case 'or': {
      const kind = (condition.operator === 'and') !== negated ? 'and' : 'or'
      const items = condition.value.flatMap((child) => {
        const item = lower(child, negated)
        return item.kind === kind ? (item as { items: readonly Lowered[] }).items : [item]
      })
      return Object.freeze({ kind, items: Object.freeze(items) })
    }
    case 'not':
      return lower(condition.value, !negated)
    case 'eq':
    case 'ne': {
      const { field, value } = condition
      const equal = (condition.operator === 'eq') !== negated
      if (value === null) {
        return Object.freeze({ kind: 'null', field, isNull: equal })
      }
      // CASL: `ne` holds for a NULL column (null !== value).
      return Object.freeze({ kind: 'compare', field, operator: equal ? 'eq' : 'ne', value, orNull: !equal })
    }
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      const { field, value, operator } = condition
      // CASL compares with JavaScript's `>` (`null > 5` is false, `null > -1` true), so whether a
      // NULL column passes depends on the value; ask CASL's own matcher rather than restate it.
      const nullPasses = mongoQueryMatcher({ [field]: { [`$${operator}`]: value } })({ [field]: null })
      // CASL's compare answers -1, 0 or 1, so NOT `$lt` is `$gte` for any column value.
      return Object.freeze({
        kind: 'compare',
        field,
        operator: negated ? COMPLEMENT[operator] : operator,
        value,
        orNull: negated ? !nullPasses : nullPasses,
      })
    }
    case 'in':
    case 'nin': {
      const { field } = condition
      const inside = (condition.operator === 'in') !== negated
      const values = condition.value.filter((item): item is ColumnValue => item !== null)
      const listsNull = values.length !== condition.value.length
      if (values.length === 0) {
        return Object.freeze({ kind: 'null', field, isNull: inside })
      }
      return Object.freeze({ kind: inside ? 'in' : 'nin', field, values: Object.freeze(values), orNull: inside ? listsNull : !listsNull })
    }
  }
}
