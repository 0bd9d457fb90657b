import { PREFIX } from '../names'
import type { ColumnValue, Lowered } from './lower'

/** How `toSql` writes the condition. */
export interface SqlOptions {
  /** Only Postgres for now (placeholders `$1`, `$2` …, identifiers in double quotes). */
  dialect: 'postgres'
  /**
   * The column of each field the rules use, e.g. `{ authorId: 'author_id' }` or, to qualify
   * it in a join, `{ authorId: 'p.author_id' }` (a dot separates the parts). When given, a
   * field it does not map is an error. Without it, each field is a column of the same name.
   */
  columns?: Readonly<Record<string, string>>
  /**
   * The number of the first placeholder, to append the fragment to a query that has parameters.
   * @default 1
   */
  startAt?: number
}

/** A parameterized WHERE fragment: `client.query(\`SELECT … WHERE ${text}\`, values)`. */
export interface SqlFragment {
  readonly text: string
  readonly values: ColumnValue[]
}

const OPERATORS = { eq: '=', ne: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' } as const

export function checkSqlOptions(options: SqlOptions, fields: readonly string[]): void {
  if (options?.dialect !== 'postgres') {
    throw new TypeError(`${PREFIX} toSql() supports { dialect: 'postgres' } only, got ${JSON.stringify(options?.dialect)}.`)
  }
  const startAt = options.startAt ?? 1
  if (!Number.isSafeInteger(startAt) || startAt < 1) {
    throw new TypeError(`${PREFIX} toSql(): startAt must be a whole number from 1, got ${String(options.startAt)}.`)
  }
  if (options.columns !== undefined) {
    for (const field of fields) {
      const column = Object.hasOwn(options.columns, field) ? options.columns[field] : undefined
      if (typeof column !== 'string' || column === '' || column.split('.').includes('')) {
        throw new Error(`${PREFIX} toSql(): the rules use the field "${field}", which \`columns\` does not map to a column name. Add it to \`columns\` (an unmapped field is never passed through).`)
      }
    }
  }
}

/** The lowered condition as Postgres; `checkSqlOptions` first. */
export function printSql(condition: Lowered | boolean, options: SqlOptions): SqlFragment {
  if (typeof condition === 'boolean') {
    return { text: condition ? 'TRUE' : 'FALSE', values: [] }
  }
  const values: ColumnValue[] = []
  const startAt = options.startAt ?? 1
  const param = (value: ColumnValue): string => {
    values.push(value)
    // Typed placeholders: a value of another type than the column is an error in Postgres
    // rather than a cast (CASL never finds '5' equal to 5).
    return `$${startAt + values.length - 1}::${sqlType(value)}`
  }
  const column = (field: string): string => {
    const name = options.columns ? options.columns[field]! : field
    return options.columns ? name.split('.').map(quoteIdentifier).join('.') : quoteIdentifier(name)
  }
  const print = (node: Lowered): string => {
    switch (node.kind) {
      case 'and':
      case 'or':
        return `(${node.items.map(print).join(node.kind === 'and' ? ' AND ' : ' OR ')})`
      case 'null':
        return `${column(node.field)} ${node.isNull ? 'IS NULL' : 'IS NOT NULL'}`
      case 'compare': {
        const name = column(node.field)
        if (node.operator === 'ne' && node.orNull) {
          return `${name} IS DISTINCT FROM ${param(node.value)}`
        }
        // CASL orders strings by code unit; only the "C" collation orders text like that.
        const left = typeof node.value === 'string' && node.operator !== 'eq' && node.operator !== 'ne' ? `${name} COLLATE "C"` : name
        return orNull(`${left} ${OPERATORS[node.operator]} ${param(node.value)}`, name, node.orNull)
      }
      case 'in':
      case 'nin': {
        const name = column(node.field)
        const list = node.values.map(param).join(', ')
        return orNull(`${name} ${node.kind === 'in' ? 'IN' : 'NOT IN'} (${list})`, name, node.orNull)
      }
    }
  }
  return { text: print(condition), values }
}

function orNull(test: string, column: string, withNull: boolean): string {
  return withNull ? `(${test} OR ${column} IS NULL)` : test
}

function sqlType(value: ColumnValue): string {
  if (typeof value === 'string') {
    return 'text'
  }
  if (typeof value === 'boolean') {
    return 'boolean'
  }
  return Number.isSafeInteger(value) ? 'int8' : 'float8'
}

export function quoteIdentifier(name: string): string {
  if (name.includes('\u0000')) {
    throw new TypeError(`${PREFIX} toSql(): a column name cannot contain a NUL character.`)
  }
  return `"${name.replaceAll('"', '""')}"`
}
