import { buildAbility } from '../abilities/ability'
import type { RbacRawRule } from '../abilities/define-abilities'
import { conditionFromRules } from './condition'
import type { AccessCondition } from './condition'
import { lowerCondition } from './lower'
import type { Lowered } from './lower'
import { printMongo } from './mongo'
import type { MongoFilter } from './mongo'
import { printPrisma } from './prisma'
import type { PrismaWhere } from './prisma'
import { checkSqlOptions, printSql } from './sql'
import type { SqlFragment, SqlOptions } from './sql'

/**
 * Which records of a subject type the caller may perform an action on, as one condition that
 * gives, for every record that has all the fields the rules name, the answer CASL's
 * `ability.can(action, subject(type, record))` gives. Frozen; shared by every caller with the
 * same rules.
 *
 * - `nothing`: no rule grants, so the list is empty. Skip the query (the printers give a
 *   condition that matches no row: `FALSE`, Prisma `{ OR: [] }`, Mongo `{ _id: { $in: [] } }`).
 * - `everything`: a grant without conditions that no `cannot` restricts (`TRUE`, `{}`, `{}`).
 * - otherwise `condition`.
 *
 * What it means, as CASL does: `{ a: null }` matches a NULL column; `$ne` and `$nin` let NULL
 * through unless they list null; `$lt`/`$gt` treat NULL as JavaScript does (`null < 5` is true,
 * `null < -1` false, `null < 'a'` true); `$exists` asks whether the record has the field, which
 * every row has (true whatever the value, NULL included); a `can` with `fields` grants the row;
 * a `cannot` with `fields` restricts only fields, so it does not remove rows.
 *
 * Exact when a column's values have the JavaScript type of the values the rules compare it with
 * (numbers with numeric columns, strings with text columns, booleans with boolean ones).
 */
export interface AccessQuery {
  readonly action: string
  readonly subjectType: string
  /** No record is allowed: do not query. */
  readonly nothing: boolean
  /** Every record is allowed: no condition. */
  readonly everything: boolean
  /** The condition, or null when `nothing` or `everything`. */
  readonly condition: AccessCondition | null
  /** Every field the rules' conditions name (each must be a column). */
  readonly fields: readonly string[]
  /** A Mongo filter (CASL's `{ field: { $op: value } }` form, with `$and`/`$or`). */
  toMongo: () => MongoFilter
  /** A Prisma `where` (`AND`/`OR`, `equals`, `not`, `in`, `notIn`, `lt` … and null checks). */
  toPrisma: () => PrismaWhere
  /** A parameterized WHERE fragment, e.g. `{ text: '"authorId" = $1::text', values: ['u1'] }`. */
  toSql: (options: SqlOptions) => SqlFragment
}

// Per frozen rules array (the rules cache shares one per role set), then per action and subject
// type. Rules only: no request data. Bounded per rule set in case the subject type comes from input.
const queries = new WeakMap<readonly RbacRawRule[], Map<string, AccessQuery>>()
const MAX_QUERIES_PER_RULE_SET = 256

/**
 * The caller's rules for `action` on `subjectType` as a database query, translated once per
 * frozen rules array, action and subject type.
 *
 * Throws an Error starting with `[nuxt-auth-rbac]` that names the rule and the operator when a
 * rule the check can reach uses what cannot be translated exactly ($regex, $elemMatch, $all,
 * $size, $where, $or/$and/$nor (which CASL 6 reads as field names), nested paths, values other
 * than strings, finite numbers, booleans and null): never a wider query.
 * @example
 * const query = accessQuery(rules, 'read', 'Post')
 * if (query.nothing) return []
 * const where = query.toSql({ dialect: 'postgres', columns: { authorId: 'author_id' } })
 * await client.query(`SELECT * FROM posts WHERE ${where.text}`, where.values)
 */
export function accessQuery(rules: readonly RbacRawRule[], action: string, subjectType: string): AccessQuery {
  if (!Object.isFrozen(rules)) {
    return translate(rules, action, subjectType)
  }
  let perRuleSet = queries.get(rules)
  if (!perRuleSet) {
    perRuleSet = new Map()
    queries.set(rules, perRuleSet)
  }
  // The length makes the key unambiguous whatever characters the names hold.
  const key = `${action.length}:${action}${subjectType}`
  let query = perRuleSet.get(key)
  if (!query) {
    query = translate(rules, action, subjectType)
    if (perRuleSet.size >= MAX_QUERIES_PER_RULE_SET) {
      perRuleSet.delete(perRuleSet.keys().next().value!)
    }
    perRuleSet.set(key, query)
  }
  return query
}

function translate(rules: readonly RbacRawRule[], action: string, subjectType: string): AccessQuery {
  const { condition, fields } = conditionFromRules(buildAbility(rules), { action, subjectType, rules })
  const lowered: Lowered | boolean = typeof condition === 'boolean' ? condition : lowerCondition(condition)
  return Object.freeze({
    action,
    subjectType,
    nothing: condition === false,
    everything: condition === true,
    condition: typeof condition === 'boolean' ? null : condition,
    fields,
    toMongo: () => printMongo(lowered),
    toPrisma: () => printPrisma(lowered),
    toSql: (options: SqlOptions) => {
      checkSqlOptions(options, fields)
      return printSql(lowered, options)
    },
  })
}
