import { PREFIX } from '../names'
import type { Lowered } from './lower'

/** A Prisma `where` input; cast it to the model's `WhereInput` (Prisma's types are per model). */
export type PrismaWhere = Record<string, unknown>

const PRISMA_OPERATORS = new Set(['AND', 'OR', 'NOT'])
const OPERATORS = { eq: 'equals', ne: 'not', lt: 'lt', lte: 'lte', gt: 'gt', gte: 'gte' } as const

/**
 * The lowered condition as a Prisma `where`. Prisma writes `not`, `notIn` and the comparisons
 * as plain SQL, where NULL never passes, so a NULL that CASL lets through gets its own branch.
 */
export function printPrisma(condition: Lowered | boolean): PrismaWhere {
  if (typeof condition === 'boolean') {
    // Prisma: `OR: []` matches nothing, `{}` everything.
    return condition ? {} : { OR: [] }
  }
  return print(condition)
}

function print(node: Lowered): PrismaWhere {
  if ('field' in node && PRISMA_OPERATORS.has(node.field)) {
    throw new Error(`${PREFIX} toPrisma(): the rules use a field named ${node.field}, which Prisma reads as its ${node.field} operator.`)
  }
  switch (node.kind) {
    case 'and':
      return { AND: node.items.map(print) }
    case 'or':
      return { OR: node.items.map(print) }
    case 'null':
      return { [node.field]: node.isNull ? null : { not: null } }
    case 'compare':
      return orNull({ [node.field]: { [OPERATORS[node.operator]]: node.value } }, node.field, node.orNull)
    case 'in':
    case 'nin':
      return orNull({ [node.field]: { [node.kind === 'in' ? 'in' : 'notIn']: [...node.values] } }, node.field, node.orNull)
  }
}

function orNull(where: PrismaWhere, field: string, withNull: boolean): PrismaWhere {
  return withNull ? { OR: [where, { [field]: null }] } : where
}
