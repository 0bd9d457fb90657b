import { buildMongoQueryMatcher, subject } from '@casl/ability'
import { rulesToAST } from '@casl/ability/extra'
// CASL's matcher has no $and/$or; its factory takes them from @ucast/mongo2js, CASL's own dependency.
import { $and, $or, and, or } from '@ucast/mongo2js'
import { describe, expect, it } from 'vitest'
import { buildAbility } from '../../src/runtime/shared/abilities/ability'
import { defineAbilities } from '../../src/runtime/shared/abilities/define-abilities'
import type { RbacRawRule } from '../../src/runtime/shared/abilities/define-abilities'
import { AbilityRulesCache } from '../../src/runtime/shared/abilities/rules-cache'
import { accessQuery } from '../../src/runtime/shared/query'

const matchMongo = buildMongoQueryMatcher({ $and, $or }, { and, or })
const frozen = (rules: RbacRawRule[]): readonly RbacRawRule[] => Object.freeze(rules.map(rule => Object.freeze(rule)))
const can = (conditions?: object, extra: Partial<RbacRawRule> = {}): RbacRawRule =>
  ({ action: 'read', subject: 'Post', ...(conditions ? { conditions } : {}), ...extra }) as RbacRawRule
const cannot = (conditions?: object, extra: Partial<RbacRawRule> = {}): RbacRawRule => can(conditions, { inverted: true, ...extra })
const sql = (rules: RbacRawRule[]) => accessQuery(frozen(rules), 'read', 'Post').toSql({ dialect: 'postgres' })
const allowedBy = (rules: readonly RbacRawRule[], record: object) => buildAbility(rules).can('read', subject('Post', { ...record }) as never)

describe('nothing and everything', () => {
  it('is nothing without a granting rule, in every form', () => {
    for (const rules of [[], [cannot()], [can(undefined, { action: 'update' })], [can(undefined, { subject: 'Comment' })], [can({ a: 1 }), cannot()]]) {
      const query = accessQuery(frozen(rules), 'read', 'Post')
      expect(query).toMatchObject({ nothing: true, everything: false, condition: null })
      expect(query.toSql({ dialect: 'postgres' })).toEqual({ text: 'FALSE', values: [] })
      expect(query.toPrisma()).toEqual({ OR: [] })
      expect(query.toMongo()).toEqual({ _id: { $in: [] } })
      expect(matchMongo(query.toMongo())({ _id: 1, a: 1 })).toBe(false)
    }
  })

  it('is everything for an unconditional grant that no cannot restricts', () => {
    for (const rules of [[can()], [can({ a: 1 }), can()], [can(undefined, { action: 'manage', subject: 'all' })], [can({})], [can(undefined, { fields: ['title'] })], [can(), cannot({ a: 1 }, { fields: ['title'] })]]) {
      const query = accessQuery(frozen(rules), 'read', 'Post')
      expect(query).toMatchObject({ nothing: false, everything: true, condition: null })
      expect(query.toSql({ dialect: 'postgres' })).toEqual({ text: 'TRUE', values: [] })
      expect(query.toPrisma()).toEqual({})
      expect(query.toMongo()).toEqual({})
    }
  })

  it('treats $exists as CASL does: every row has every column', () => {
    expect(accessQuery(frozen([can({ note: { $exists: true } })]), 'read', 'Post').everything).toBe(true)
    expect(accessQuery(frozen([can({ note: { $exists: false } })]), 'read', 'Post').nothing).toBe(true)
    expect(allowedBy(frozen([can({ note: { $exists: true } })]), { note: null })).toBe(true)
  })

  it('treats a condition on undefined (a user without id) as matching no row', () => {
    expect(accessQuery(frozen([can(), cannot({ authorId: undefined })]), 'read', 'Post').everything).toBe(true)
    expect(accessQuery(frozen([can(), cannot({ authorId: { $ne: undefined } })]), 'read', 'Post').nothing).toBe(true)
    expect(sql([can({ authorId: { $in: [undefined, 'u1'] } })])).toEqual({ text: '"authorId" IN ($1::text)', values: ['u1'] })
  })
})

describe('translation', () => {
  it('writes one condition for every form', () => {
    const query = accessQuery(frozen([
      can({ published: true }),
      can({ authorId: 'u1' }),
      cannot({ n: { $lt: 5 } }),
    ]), 'read', 'Post')
    expect(query.fields).toEqual(['n', 'authorId', 'published'])
    expect(query.toSql({ dialect: 'postgres' })).toEqual({
      // null < 5 in JavaScript: the cannot removes a NULL n.
      text: '("n" >= $1::int8 AND ("authorId" = $2::text OR "published" = $3::boolean))',
      values: [5, 'u1', true],
    })
    expect(query.toPrisma()).toEqual({
      AND: [
        { n: { gte: 5 } },
        { OR: [{ authorId: { equals: 'u1' } }, { published: { equals: true } }] },
      ],
    })
    expect(query.toMongo()).toEqual({
      $and: [{ n: { $gte: 5 } }, { $or: [{ authorId: 'u1' }, { published: true }] }],
    })
    expect(query.condition).toEqual({
      operator: 'and',
      value: [
        { operator: 'not', value: { operator: 'lt', field: 'n', value: 5 } },
        { operator: 'or', value: [{ operator: 'eq', field: 'authorId', value: 'u1' }, { operator: 'eq', field: 'published', value: true }] },
      ],
    })
    expect(Object.isFrozen(query)).toBe(true)
  })

  it('gives NULL the answer CASL gives', () => {
    expect(sql([can({ note: null })]).text).toBe('"note" IS NULL')
    expect(sql([can({ note: { $ne: 'a' } })]).text).toBe('"note" IS DISTINCT FROM $1::text')
    expect(sql([can({ note: { $nin: ['a'] } })]).text).toBe('("note" NOT IN ($1::text) OR "note" IS NULL)')
    expect(sql([can({ note: { $nin: ['a', null] } })]).text).toBe('"note" NOT IN ($1::text)')
    expect(sql([can({ note: { $in: ['a', null] } })]).text).toBe('("note" IN ($1::text) OR "note" IS NULL)')
    // JavaScript: null < 5 and null < 'a' are true, null < -1 is false.
    expect(sql([can({ n: { $lt: 5 } })]).text).toBe('("n" < $1::int8 OR "n" IS NULL)')
    expect(sql([can({ n: { $lt: -1 } })]).text).toBe('"n" < $1::int8')
    expect(sql([can({ n: { $gt: -1.5 } })])).toEqual({ text: '("n" > $1::float8 OR "n" IS NULL)', values: [-1.5] })
    expect(sql([can({ note: { $lte: 'a' } })]).text).toBe('("note" COLLATE "C" <= $1::text OR "note" IS NULL)')
    expect(sql([can({ note: { $gte: '-1' } })]).text).toBe('("note" COLLATE "C" >= $1::text OR "note" IS NULL)')
    expect(sql([can(), cannot({ note: { $ne: null } })]).text).toBe('"note" IS NULL')
    for (const [conditions, record] of [[{ n: { $lt: 5 } }, { n: null }], [{ n: { $gt: -1.5 } }, { n: null }], [{ note: { $gte: '-1' } }, { note: null }]] as const) {
      expect(allowedBy(frozen([can(conditions)]), record)).toBe(true)
    }
    expect(allowedBy(frozen([can({ n: { $lt: -1 } })]), { n: null })).toBe(false)
  })

  it('lets a can defined after an overlapping cannot allow what ability.can allows (rulesToAST would not)', () => {
    const rules = frozen([can({ published: true }), cannot({ locked: true }), can({ authorId: 'u1' })])
    const record = { published: false, locked: true, authorId: 'u1' }
    expect(allowedBy(rules, record)).toBe(true)
    const query = accessQuery(rules, 'read', 'Post')
    expect(matchMongo(query.toMongo())(record)).toBe(true)
    expect(query.toSql({ dialect: 'postgres' }).text).toBe('("authorId" = $1::text OR ("locked" IS DISTINCT FROM $2::boolean AND "published" = $3::boolean))')
    // CASL's rulesToAST puts the cannot above both grants.
    expect(matchMongo({ $and: [{ locked: { $ne: true } }, { $or: [{ authorId: 'u1' }, { published: true }] }] })(record)).toBe(false)
    expect(JSON.stringify(rulesToAST(buildAbility(rules), 'read', 'Post'))).toContain('"not"')
  })

  it('grants rows for a can with fields, and ignores a cannot with fields, as ability.can does', () => {
    const rules = frozen([can({ authorId: 'u1' }, { fields: ['title'] }), cannot({ locked: true }, { fields: ['body'] })])
    expect(sql([...rules])).toEqual({ text: '"authorId" = $1::text', values: ['u1'] })
    expect(allowedBy(rules, { authorId: 'u1', locked: true })).toBe(true)
  })

  it('maps fields to columns, quotes identifiers and numbers placeholders from startAt', () => {
    const query = accessQuery(frozen([can({ 'authorId': 'u1', 'we"ird': { $in: [1, 2] } })]), 'read', 'Post')
    expect(query.toSql({ dialect: 'postgres', columns: { 'authorId': 'p.author_id', 'we"ird': 'x"y' }, startAt: 3 })).toEqual({
      text: '("p"."author_id" = $3::text AND "x""y" IN ($4::int8, $5::int8))',
      values: ['u1', 1, 2],
    })
    expect(() => query.toSql({ dialect: 'postgres', columns: { authorId: 'author_id' } }))
      .toThrow('[nuxt-auth-rbac] toSql(): the rules use the field "we"ird", which `columns` does not map to a column name.')
    expect(() => query.toSql({ dialect: 'postgres', columns: { 'authorId': 'author_id', 'we"ird': 'a..b' } })).toThrow('does not map to a column name')
    expect(() => query.toSql({ dialect: 'mysql' } as never)).toThrow('[nuxt-auth-rbac] toSql() supports { dialect: \'postgres\' } only')
    expect(() => query.toSql({ dialect: 'postgres', startAt: 0 })).toThrow('startAt')
  })

  it('refuses a Prisma field named like a Prisma operator', () => {
    expect(() => accessQuery(frozen([can({ OR: 1 })]), 'read', 'Post').toPrisma()).toThrow('[nuxt-auth-rbac] toPrisma(): the rules use a field named OR')
  })

  it('checks every field the rules name against columns, even one that decides nothing', () => {
    const query = accessQuery(frozen([can({ authorId: 'u1', note: { $exists: true } })]), 'read', 'Post')
    expect(query.fields).toEqual(['authorId', 'note'])
    expect(() => query.toSql({ dialect: 'postgres', columns: { authorId: 'author_id' } })).toThrow('the field "note"')
  })

  it('writes Mongo that CASL reads as ability.can does, null ranges included', () => {
    const rules = frozen([can({ n: { $lt: 5 } }), cannot({ note: { $in: ['a', null] } }), can({ title: { $ne: 'x' }, published: { $nin: [true] } })])
    const query = accessQuery(rules, 'read', 'Post')
    for (const n of [null, -1, 0, 5, 6]) {
      for (const note of [null, 'a', 'b']) {
        for (const published of [null, true, false]) {
          const record = { n, note, title: 'x', published }
          expect(matchMongo(query.toMongo())(record)).toBe(allowedBy(rules, record))
        }
      }
    }
  })
})

describe('refusals', () => {
  const refused: Array<[string, object, string]> = [
    ['$regex', { title: { $regex: '^a' } }, 'the operator $regex is not supported'],
    ['$options', { title: { $options: 'i' } }, 'the operator $options is not supported'],
    ['$elemMatch', { tags: { $elemMatch: { a: 1 } } }, 'the operator $elemMatch is not supported'],
    ['$all', { tags: { $all: ['a'] } }, 'the operator $all is not supported'],
    ['$size', { tags: { $size: 2 } }, 'the operator $size is not supported'],
    ['$where', { title: { $where: 'this.a' } }, 'the operator $where is not supported'],
    ['$or', { $or: [{ a: 1 }, { b: 2 }] }, 'the operator $or is not supported: CASL 6\'s matcher has no $or and reads it as a field named "$or"'],
    ['$and', { $and: [{ a: 1 }] }, 'the operator $and is not supported'],
    ['$nor', { $nor: [{ a: 1 }] }, 'the operator $nor is not supported'],
    ['a dotted path', { 'author.id': 'u1' }, 'the field "author.id" is a path into a nested object'],
    ['a nested object', { author: { id: 'u1' } }, '$eq with a value of type object is not supported'],
    ['an array value', { tags: ['a', 'b'] }, '$eq with an array is not supported'],
    ['a Date', { createdAt: { $gt: new Date(0) } }, '$gt with a Date is not supported'],
    ['NaN', { n: Number.NaN }, '$eq with the number NaN is not supported'],
    ['an object in $in', { n: { $in: [1, { a: 1 }] } }, '$in with a value of type object is not supported'],
    ['a value CASL rejects', { n: { $lt: true } }, 'CASL cannot parse its conditions ("lt" expects value to be comparable'],
  ]

  it.each(refused)('refuses %s, naming the rule and the operator', (_, conditions, reason) => {
    const rules = frozen([can({ published: true }), cannot(conditions)])
    const message = (() => {
      try {
        accessQuery(rules, 'read', 'Post')
      }
      catch (error) {
        return (error as Error).message
      }
      return 'no error'
    })()
    expect(message.startsWith('[nuxt-auth-rbac] accessQuery("read", "Post") cannot translate rule 2 of 2, cannot("read", "Post", ')).toBe(true)
    expect(message).toContain(reason)
    expect(message).toContain('No query is made rather than a wider one.')
  })

  it('names the rule with its fields and its conditions as JSON', () => {
    expect(() => accessQuery(frozen([can({ title: { $regex: /^a/i } }, { action: ['read', 'update'], fields: ['title'] })]), 'read', 'Post'))
      .toThrow('cannot translate rule 1 of 1, can(["read","update"], "Post", ["title"], {"title":{"$regex":"/^a/i"}}): the operator $regex is not supported (supported: equality ({ field: value }), $eq, $ne, $lt, $lte, $gt, $gte, $in, $nin, $exists)')
  })

  it('does not translate a rule ability.can never reaches', () => {
    // The cannot without conditions decides every record before the earlier grant is consulted.
    expect(accessQuery(frozen([can({ title: { $regex: '^a' } }), cannot()]), 'read', 'Post').nothing).toBe(true)
  })
})

describe('cache', () => {
  it('translates once per frozen rule set, action and subject type', () => {
    const cache = new AbilityRulesCache(defineAbilities(({ roles }, { can }) => {
      if (roles.includes('editor')) {
        can('read', 'Post', { published: true })
        can('update', 'Post', { locked: false })
      }
    }))
    const rules = cache.rulesFor(['editor'], 'u1')
    expect(cache.rulesFor(['editor'], 'u2')).toBe(rules)
    const read = accessQuery(rules, 'read', 'Post')
    expect(accessQuery(cache.rulesFor(['editor'], 'u2'), 'read', 'Post')).toBe(read)
    expect(accessQuery(rules, 'update', 'Post')).not.toBe(read)
    expect(accessQuery(rules, 'read', 'Comment').nothing).toBe(true)
    expect(accessQuery(rules, 'read', 'Post').toSql({ dialect: 'postgres' })).toEqual({ text: '"published" = $1::boolean', values: [true] })
  })

  it('keys by user when the rules name the user, and never caches rules that can change', () => {
    const cache = new AbilityRulesCache(defineAbilities(({ user }, { can }) => can('read', 'Post', { authorId: user.uid })))
    expect(accessQuery(cache.rulesFor([], 'u1'), 'read', 'Post').toSql({ dialect: 'postgres' }).values).toEqual(['u1'])
    expect(accessQuery(cache.rulesFor([], 'u2'), 'read', 'Post').toSql({ dialect: 'postgres' }).values).toEqual(['u2'])
    expect(accessQuery(cache.rulesFor([], undefined), 'read', 'Post').nothing).toBe(true)
    const mutable = [can({ a: 1 })]
    const first = accessQuery(mutable, 'read', 'Post')
    mutable.push(can())
    expect(accessQuery(mutable, 'read', 'Post')).not.toBe(first)
    expect(accessQuery(mutable, 'read', 'Post').everything).toBe(true)
  })

  it('does not mistake one action and subject type for another', () => {
    const rules = frozen([can(undefined, { action: 'a', subject: 'bc' }), can({ x: 1 }, { action: 'ab', subject: 'c' })])
    expect(accessQuery(rules, 'a', 'bc').everything).toBe(true)
    expect(accessQuery(rules, 'ab', 'c').everything).toBe(false)
  })
})
