import { getTableColumns, getTableName, sql } from 'drizzle-orm'
import type { Column, SQL, Table } from 'drizzle-orm'
import { PREFIX } from '../../shared/names'
import type { AccessQuery } from '../../shared/query/access-query'
import { lowerCondition } from '../../shared/query/lower'
import type { ColumnValue, Lowered } from '../../shared/query/lower'

const OPERATORS = { eq: '=', ne: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' } as const

// Number columns whose values reach JavaScript unrounded (real and numeric are rounded on the way).
const NUMBER_COLUMNS = new Set(['PgInteger', 'PgSmallInt', 'PgSerial', 'PgSmallSerial', 'PgBigInt53', 'PgBigSerial53', 'PgDoublePrecision'])
// Column types whose values Drizzle returns as the strings Postgres compares: equality and order.
const TEXT_COLUMNS = new Set(['PgText', 'PgVarchar'])
// Equality only: an enum orders by declaration, a uuid by bytes.
const EQUALITY_ONLY_COLUMNS = new Set(['PgUUID', 'PgEnumColumn'])
const CANONICAL_UUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/

/**
 * The access query as a Drizzle condition on a Postgres table:
 * `db.select().from(posts).where(drizzleWhere(query, posts))`. A field is the table's column of
 * that (JavaScript) name; a field the table lacks, or a value whose type the column does not hold
 * (a string for an integer column, …), is an error rather than a cast or a wider query.
 * `nothing` is `false`, `everything` is `true`.
 */
export function drizzleWhere(query: AccessQuery, table: Table): SQL {
  if (query.nothing) {
    return sql`false`
  }
  if (query.everything || !query.condition) {
    return sql`true`
  }
  const columns = getTableColumns(table) as Record<string, Column>
  for (const field of query.fields) {
    if (!Object.hasOwn(columns, field)) {
      throw new Error(`${PREFIX} drizzleWhere(): the rules for ${JSON.stringify(query.action)} on ${JSON.stringify(query.subjectType)} use the field "${field}", and the table "${getTableName(table)}" has no column of that name.`)
    }
  }
  const column = (field: string, values: readonly ColumnValue[], ordered: boolean): Column => {
    const found = columns[field]!
    for (const value of values) {
      checkValue(found, field, value, ordered, query)
    }
    return found
  }
  const print = (node: Lowered): SQL => {
    switch (node.kind) {
      case 'and':
      case 'or':
        return sql`(${sql.join(node.items.map(print), node.kind === 'and' ? sql` and ` : sql` or `)})`
      case 'null':
        return node.isNull ? sql`${columns[node.field]!} is null` : sql`${columns[node.field]!} is not null`
      case 'compare': {
        const ordered = node.operator !== 'eq' && node.operator !== 'ne'
        const target = column(node.field, [node.value], ordered)
        if (node.operator === 'ne' && node.orNull) {
          return sql`${target} is distinct from ${param(node.value)}`
        }
        // CASL orders strings by code unit; only the "C" collation orders text like that.
        const left = ordered && typeof node.value === 'string' ? sql`${target} collate "C"` : sql`${target}`
        return orNull(sql`${left} ${sql.raw(OPERATORS[node.operator])} ${param(node.value)}`, target, node.orNull)
      }
      case 'in':
      case 'nin': {
        const target = column(node.field, node.values, false)
        const list = sql.join(node.values.map(param), sql`, `)
        const test = node.kind === 'in' ? sql`${target} in (${list})` : sql`${target} not in (${list})`
        return orNull(test, target, node.orNull)
      }
    }
  }
  return print(lowerCondition(query.condition))
}

/** Numbers as int8 or float8: `integer_column < 2.5` or `< 3000000000` must compare, not fail to parse. */
function param(value: ColumnValue): SQL {
  if (typeof value !== 'number') {
    return sql`${value}`
  }
  return Number.isSafeInteger(value) ? sql`${value}::int8` : sql`${value}::float8`
}

function orNull(test: SQL, column: Column, withNull: boolean): SQL {
  return withNull ? sql`(${test} or ${column} is null)` : test
}

function checkValue(column: Column, field: string, value: ColumnValue, ordered: boolean, query: AccessQuery): void {
  const refuse = (reason: string): never => {
    throw new Error(`${PREFIX} drizzleWhere(): the rules for ${JSON.stringify(query.action)} on ${JSON.stringify(query.subjectType)} compare the column "${field}" (${column.columnType}) with ${JSON.stringify(value)}: ${reason}.`)
  }
  if (typeof value === 'number') {
    if (column.dataType !== 'number') {
      refuse('a number, and the column does not hold numbers (CASL never finds a number equal to another type)')
    }
    if (!NUMBER_COLUMNS.has(column.columnType)) {
      refuse('a number, and this column\'s values are rounded when read into JavaScript, so CASL compares other numbers than Postgres')
    }
    return
  }
  if (typeof value === 'boolean') {
    if (column.dataType !== 'boolean') {
      refuse('a boolean, and the column does not hold booleans')
    }
    return
  }
  if (TEXT_COLUMNS.has(column.columnType)) {
    return
  }
  if (!EQUALITY_ONLY_COLUMNS.has(column.columnType)) {
    refuse('a string, and only text, varchar, uuid and enum columns compare strings as CASL does')
  }
  if (ordered) {
    refuse('an ordering ($lt, $lte, $gt, $gte), which this column type does not sort as strings sort')
  }
  if (column.columnType === 'PgUUID' && !CANONICAL_UUID.test(value)) {
    refuse('Postgres reads uuids case-insensitively and Drizzle returns them in lower case, so only a lower-case uuid compares as CASL does')
  }
}
