import { buildMongoQueryMatcher, subject } from '@casl/ability'
import { PGlite } from '@electric-sql/pglite'
// CASL's matcher has no $and/$or; its factory takes them from @ucast/mongo2js, CASL's own dependency.
import { $and, $or, and, or } from '@ucast/mongo2js'
import { asc, sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/pglite'
import { boolean, integer, pgEnum, pgTable, real, text, uuid } from 'drizzle-orm/pg-core'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildAbility } from '../../src/runtime/shared/abilities/ability'
import { defineAbilities } from '../../src/runtime/shared/abilities/define-abilities'
import type { RbacRawRule } from '../../src/runtime/shared/abilities/define-abilities'
import { AbilityRulesCache } from '../../src/runtime/shared/abilities/rules-cache'
import { accessQuery } from '../../src/runtime/shared/query'
import type { AccessQuery } from '../../src/runtime/shared/query'
import { drizzleWhere } from '../../src/runtime/server/query/drizzle'

interface Post {
  id: number
  n: number | null
  title: string
  published: boolean | null
  note: string | null
  authorId: string
}

const posts = pgTable('posts', {
  id: integer('id').primaryKey(),
  n: integer('n'),
  title: text('title').notNull(),
  published: boolean('published'),
  note: text('note'),
  authorId: text('author_id').notNull(),
})
const columns = { id: 'id', n: 'n', title: 'title', published: 'published', note: 'note', authorId: 'author_id' }

const client = new PGlite()
const db = drizzle(client)

// PGlite runs initdb in WebAssembly first: ~3 s on a quiet machine, over 10 s on a loaded one.
beforeAll(async () => {
  await client.exec(`CREATE TABLE posts (id integer PRIMARY KEY, n integer, title text NOT NULL, published boolean, note text, author_id text NOT NULL)`)
}, 120_000)

afterAll(async () => {
  await client.close()
})

async function load(records: readonly Post[]): Promise<void> {
  await client.exec('TRUNCATE posts')
  if (records.length > 0) {
    const values = records.flatMap(record => [record.id, record.n, record.title, record.published, record.note, record.authorId])
    const rows = records.map((_, index) => `(${Array.from({ length: 6 }, (_, column) => `$${index * 6 + column + 1}`).join(', ')})`)
    await client.query(`INSERT INTO posts (id, n, title, published, note, author_id) VALUES ${rows.join(', ')}`, values)
  }
}

async function idsBySql(query: AccessQuery): Promise<number[]> {
  const where = query.toSql({ dialect: 'postgres', columns, startAt: 2 })
  const result = await client.query<{ id: number }>(`SELECT id FROM posts WHERE id >= $1 AND ${where.text} ORDER BY id`, [0, ...where.values])
  return result.rows.map(row => row.id)
}

async function idsByDrizzle(query: AccessQuery): Promise<number[]> {
  const rows = await db.select({ id: posts.id }).from(posts).where(drizzleWhere(query, posts)).orderBy(asc(posts.id))
  return rows.map(row => row.id)
}

const matchMongo = buildMongoQueryMatcher({ $and, $or }, { and, or })

/**
 * Prisma's `where`, read the way Prisma's SQL reads it (NULL passes only `null` / `equals: null` /
 * `not: null`; `OR: []` is false, `AND: []` true; `notIn: []` true). Prisma itself cannot run here:
 * its engines are downloaded at install and the network is closed.
 */
function matchPrisma(where: Record<string, unknown>, record: Record<string, unknown>): boolean {
  return Object.entries(where).every(([key, value]) => {
    if (key === 'AND') {
      return (value as Array<Record<string, unknown>>).every(item => matchPrisma(item, record))
    }
    if (key === 'OR') {
      return (value as Array<Record<string, unknown>>).some(item => matchPrisma(item, record))
    }
    if (key === 'NOT') {
      throw new Error('toPrisma() is expected to push NOT down to the fields')
    }
    const column = record[key] as string | number | boolean | null
    if (value === null) {
      return column === null
    }
    return Object.entries(value as Record<string, unknown>).every(([operator, operand]) => {
      if (operand === null) {
        if (operator === 'equals') return column === null
        if (operator === 'not') return column !== null
        throw new Error(`unexpected null operand for ${operator}`)
      }
      if (column === null) {
        // `col = v`, `col <> v`, `col IN (…)`, `col < v` … are NULL for a NULL column.
        return operator === 'notIn' && (operand as unknown[]).length === 0
      }
      const v = operand as string | number | boolean
      switch (operator) {
        case 'equals': return column === v
        case 'not': return column !== v
        case 'in': return (operand as unknown[]).includes(column)
        case 'notIn': return !(operand as unknown[]).includes(column)
        case 'lt': return column < v
        case 'lte': return column <= v
        case 'gt': return column > v
        case 'gte': return column >= v
        default: throw new Error(`unexpected Prisma operator ${operator}`)
      }
    })
  })
}

// Values chosen to collide with the records, and with JavaScript's null comparisons ('-1' > null).
const UID = '\u0001uid'
const numbers = fc.constantFrom(-2, -1, 0, 1, 2, 5, 2.5)
const strings = fc.constantFrom('', 'a', 'ab', 'b', 'B', '-1', '5', 'é', 'x"y')
const fieldTypes = { n: 'number', title: 'string', published: 'boolean', note: 'string', authorId: 'uid' } as const
type Field = keyof typeof fieldTypes

function valueOf(field: Field, withNull: boolean): fc.Arbitrary<unknown> {
  const type = fieldTypes[field]
  const base = type === 'number' ? numbers : type === 'boolean' ? fc.boolean() : type === 'uid' ? fc.constantFrom('u1', 'u2', UID) : strings
  return withNull ? fc.oneof({ arbitrary: base, weight: 4 }, { arbitrary: fc.constant(null), weight: 1 }) : base
}

function fieldQuery(field: Field): fc.Arbitrary<unknown> {
  const type = fieldTypes[field]
  // CASL refuses ranges on booleans; ranges on the caller's uid would fail for a user without one.
  const ranged = type === 'number' || type === 'string'
  // $exists is constant on rows (every row has every column): rarely, or it decides too much.
  const operators = ['$eq', '$ne', '$in', '$nin', '$eq', '$ne', '$in', '$nin', '$exists', ...(ranged ? ['$lt', '$lte', '$gt', '$gte', '$lt', '$lte', '$gt', '$gte'] : [])]
  const operand = (operator: string): fc.Arbitrary<unknown> => {
    if (operator === '$in' || operator === '$nin') {
      return fc.array(valueOf(field, true), { maxLength: 3 })
    }
    if (operator === '$exists') {
      return fc.boolean()
    }
    return valueOf(field, operator === '$eq' || operator === '$ne')
  }
  const withOperators = fc.uniqueArray(fc.constantFrom(...operators), { minLength: 1, maxLength: 2 })
    .chain(chosen => fc.record(Object.fromEntries(chosen.map(operator => [operator, operand(operator)]))))
  return fc.oneof(valueOf(field, true), withOperators)
}

const conditions = fc.record(
  Object.fromEntries((Object.keys(fieldTypes) as Field[]).map(field => [field, fieldQuery(field)])),
  { requiredKeys: [] },
).filter(query => Object.keys(query).length <= 2)

const ruleTemplate = fc.record({
  role: fc.constantFrom('a', 'a', 'a', 'b', 'c'),
  inverted: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
  action: fc.constantFrom('read', 'read', 'read', 'read', 'manage', 'update'),
  subject: fc.constantFrom('Post', 'Post', 'Post', 'Post', 'all', 'Comment'),
  fields: fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: fc.constantFrom(['title'], ['n', 'note']), weight: 1 }),
  conditions: fc.option(conditions, { nil: undefined, freq: 5 }),
})
type RuleTemplate = typeof ruleTemplate extends fc.Arbitrary<infer T> ? T : never

const record = (id: number): fc.Arbitrary<Post> => fc.record({
  id: fc.constant(id),
  n: fc.option(fc.constantFrom(-2, -1, 0, 1, 2, 5), { nil: null }),
  title: strings,
  published: fc.option(fc.boolean(), { nil: null }),
  note: fc.option(strings, { nil: null }),
  authorId: fc.constantFrom('u1', 'u2', 'u3'),
})
const records = fc.integer({ min: 3, max: 12 }).chain(count => fc.tuple(...Array.from({ length: count }, (_, index) => record(index + 1))))
// Every caller has role a, so most rule sets grant something.
const caller = fc.record({ roles: fc.subarray(['b', 'c']).map(roles => ['a', ...roles]), uid: fc.constantFrom('u1', 'u2', undefined) })

function withUid(value: unknown, uid: string | undefined): unknown {
  if (value === UID) {
    return uid
  }
  if (Array.isArray(value)) {
    return value.map(item => withUid(item, uid))
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withUid(item, uid)]))
  }
  return value
}

/** The app's abilities file for these templates, run through the module's own rules cache. */
function rulesFor(templates: readonly RuleTemplate[], who: { roles: string[], uid: string | undefined }): readonly RbacRawRule[] {
  const definition = defineAbilities(({ roles, user }, builder) => {
    for (const template of templates) {
      if (roles.includes(template.role)) {
        const add = template.inverted ? builder.cannot : builder.can
        const where = template.conditions && withUid(template.conditions, user.uid) as Record<string, unknown>
        if (template.fields) {
          add(template.action, template.subject, [...template.fields], where)
        }
        else {
          add(template.action, template.subject, where)
        }
      }
    }
  })
  return new AbilityRulesCache(definition).rulesFor(who.roles, who.uid)
}

const oracle = (rules: readonly RbacRawRule[], rows: readonly Post[]) => {
  const ability = buildAbility(rules)
  return rows.filter(row => ability.can('read', subject('Post', { ...row }) as never)).map(row => row.id)
}

describe('access queries against a real Postgres (PGlite)', () => {
  it('returns, through toSql and through Drizzle, exactly the records ability.can allows; toMongo and toPrisma agree', async () => {
    let nonTrivial = 0
    await fc.assert(fc.asyncProperty(fc.array(ruleTemplate, { minLength: 2, maxLength: 6 }), records, caller, async (templates, rows, who) => {
      const rules = rulesFor(templates, who)
      const query = accessQuery(rules, 'read', 'Post')
      const expected = oracle(rules, rows)
      if (query.nothing) {
        expect(expected).toEqual([])
      }
      if (query.everything) {
        expect(expected).toEqual(rows.map(row => row.id))
      }
      if (expected.length > 0 && expected.length < rows.length) {
        nonTrivial++
      }
      await load(rows)
      expect(await idsBySql(query)).toEqual(expected)
      expect(await idsByDrizzle(query)).toEqual(expected)
      const mongo = matchMongo(query.toMongo())
      expect(rows.filter(row => mongo(row)).map(row => row.id)).toEqual(expected)
      const prisma = query.toPrisma()
      expect(rows.filter(row => matchPrisma(prisma, row as unknown as Record<string, unknown>)).map(row => row.id)).toEqual(expected)
    }), { numRuns: 250 })
    // The generators are only worth something if many cases split the records (about a quarter do).
    expect(nonTrivial).toBeGreaterThan(30)
  }, 60_000)

  it('keeps NULL columns as CASL does, case by case', async () => {
    const rows: Post[] = [
      { id: 1, n: null, title: 'a', published: null, note: null, authorId: 'u1' },
      { id: 2, n: 0, title: 'b', published: true, note: 'a', authorId: 'u2' },
      { id: 3, n: -2, title: '-1', published: false, note: '-1', authorId: 'u3' },
    ]
    await load(rows)
    const cases: object[] = [
      { n: null }, { n: { $ne: 0 } }, { n: { $nin: [0] } }, { n: { $in: [null, 0] } }, { n: { $lt: 1 } }, { n: { $lt: -1 } },
      { n: { $gte: -1 } }, { n: { $gt: -3 } }, { note: { $lt: 'a' } }, { note: { $gte: '-2' } }, { note: { $exists: false } },
      { published: { $ne: true } }, { published: { $nin: [true, null] } },
    ]
    for (const where of cases) {
      for (const inverted of [false, true]) {
        const rules = Object.freeze([
          ...(inverted ? [Object.freeze({ action: 'read', subject: 'Post' })] : []),
          Object.freeze({ action: 'read', subject: 'Post', inverted, conditions: where }),
        ]) as readonly RbacRawRule[]
        const query = accessQuery(rules, 'read', 'Post')
        const expected = oracle(rules, rows)
        expect({ where, inverted, ids: await idsBySql(query) }).toEqual({ where, inverted, ids: expected })
        expect({ where, inverted, ids: await idsByDrizzle(query) }).toEqual({ where, inverted, ids: expected })
      }
    }
  })

  it('runs nothing and everything as false and true', async () => {
    await load([{ id: 1, n: 1, title: 'a', published: true, note: null, authorId: 'u1' }])
    const nothing = accessQuery(Object.freeze([]), 'read', 'Post')
    const everything = accessQuery(Object.freeze([Object.freeze({ action: 'read', subject: 'Post' })]) as readonly RbacRawRule[], 'read', 'Post')
    expect([await idsBySql(nothing), await idsByDrizzle(nothing)]).toEqual([[], []])
    expect([await idsBySql(everything), await idsByDrizzle(everything)]).toEqual([[1], [1]])
  })

  it('makes a value of the wrong type an error, in Postgres through toSql and before the query through Drizzle', async () => {
    const rules = Object.freeze([Object.freeze({ action: 'read', subject: 'Post', conditions: Object.freeze({ n: '5' }) })]) as readonly RbacRawRule[]
    const query = accessQuery(rules, 'read', 'Post')
    await expect(idsBySql(query)).rejects.toThrow('operator does not exist: integer = text')
    expect(() => drizzleWhere(query, posts)).toThrow('[nuxt-auth-rbac] drizzleWhere(): the rules for "read" on "Post" compare the column "n" (PgInteger) with "5": a string')
  })

  it('refuses in Drizzle what the table cannot answer as CASL does', () => {
    const query = (conditions: object) => accessQuery(Object.freeze([Object.freeze({ action: 'read', subject: 'Post', conditions: Object.freeze(conditions) })]) as readonly RbacRawRule[], 'read', 'Post')
    const status = pgEnum('status', ['draft', 'live'])
    const other = pgTable('other', { id: uuid('id'), status: status('status'), score: real('score') })
    expect(() => drizzleWhere(query({ missing: 1 }), posts)).toThrow('[nuxt-auth-rbac] drizzleWhere(): the rules for "read" on "Post" use the field "missing", and the table "posts" has no column of that name.')
    expect(() => drizzleWhere(query({ id: { $lt: 'a' } }), other)).toThrow('an ordering')
    expect(() => drizzleWhere(query({ id: 'A0000000-0000-0000-0000-000000000000' }), other)).toThrow('only a lower-case uuid')
    expect(() => drizzleWhere(query({ score: 1 }), other)).toThrow('rounded when read into JavaScript')
    expect(() => drizzleWhere(query({ published: 'yes' }), posts)).toThrow('a string, and only text, varchar, uuid and enum columns')
    expect(() => drizzleWhere(query({ title: true }), posts)).toThrow('a boolean, and the column does not hold booleans')
    const allowed = drizzleWhere(query({ id: 'a0000000-0000-0000-0000-000000000000', status: { $in: ['draft'] } }), other)
    expect(db.select().from(other).where(allowed).toSQL().sql).toContain('"other"."status" in ($2)')
    expect(db.select().from(posts).where(sql`true`).toSQL().sql).toContain('where true')
  })
})
