// List filtering: what turning the caller's rules into a query costs per request, and what a list
// endpoint saves by filtering in SQL instead of fetching every row and checking each with CASL.
//   node bench/accessible-by.mjs [--rows 10000] [--rounds 5]
import { parseArgs } from 'node:util'
import { subject } from '@casl/ability'
import { PGlite } from '@electric-sql/pglite'
import { drizzle } from 'drizzle-orm/pglite'
import { boolean, integer, pgTable, text } from 'drizzle-orm/pg-core'
import { createJiti } from 'jiti'

const { values: args } = parseArgs({ options: { rows: { type: 'string', default: '10000' }, rounds: { type: 'string', default: '5' } } })
const rowCount = Number(args.rows)
const rounds = Number(args.rounds)

const jiti = createJiti(import.meta.url)
const { defineAbilities } = await jiti.import('../src/runtime/shared/abilities/define-abilities.ts')
const { AbilityRulesCache } = await jiti.import('../src/runtime/shared/abilities/rules-cache.ts')
const { buildAbility } = await jiti.import('../src/runtime/shared/abilities/ability.ts')
const { accessQuery } = await jiti.import('../src/runtime/shared/query/index.ts')
const { drizzleWhere } = await jiti.import('../src/runtime/server/query/drizzle.ts')

// The playground's kind of rules: editors read what is published and their own drafts, never
// what is locked; a user reads only their own posts.
const definition = defineAbilities(({ roles, user }, { can, cannot }) => {
  if (roles.includes('editor')) {
    can('read', 'Post', { published: true })
    can('read', 'Post', { authorId: user.uid })
    cannot('read', 'Post', { locked: true })
  }
  if (roles.includes('user')) {
    can('read', 'Post', { authorId: user.uid })
  }
})
const columns = { authorId: 'author_id', published: 'published', locked: 'locked' }

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

/** Median over rounds of the mean time per call, in nanoseconds. */
function timeSync(count, run) {
  const perRound = []
  for (let round = 0; round < rounds; round++) {
    const started = process.hrtime.bigint()
    for (let index = 0; index < count; index++) {
      run(index)
    }
    perRound.push(Number(process.hrtime.bigint() - started) / count)
  }
  return median(perRound)
}

async function timeAsync(count, run) {
  const perRound = []
  for (let round = 0; round < rounds; round++) {
    const started = process.hrtime.bigint()
    for (let index = 0; index < count; index++) {
      await run(index)
    }
    perRound.push(Number(process.hrtime.bigint() - started) / count)
  }
  return median(perRound)
}

// (a) Translation per request. Warm: the rules cache hands every editor request the same frozen
// rules, so the query comes from the per-rule-set cache and only its SQL is written. Cold: a rule
// set never seen (a new user id each time, as for a definition that reads `user`).
const cache = new AbilityRulesCache(definition, 1_000_000)
const warmRules = cache.rulesFor(['editor'], 'u1')
const sqlOptions = { dialect: 'postgres', columns }
let sink = 0
const translate = rules => accessQuery(rules, 'read', 'Post').toSql(sqlOptions).values.length
for (let index = 0; index < 20_000; index++) {
  sink += translate(cache.rulesFor(['editor'], `warmup-${index}`))
}
const coldRules = Array.from({ length: 20_000 * rounds + 1 }, (_, index) => cache.rulesFor(['editor'], `cold-${index}`))
let coldIndex = 0
const translation = {
  'warm: cached query, toSql()': timeSync(200_000, () => {
    sink += translate(warmRules)
  }),
  'cold: new rule set, accessQuery() + toSql()': timeSync(20_000, () => {
    sink += translate(coldRules[coldIndex++])
  }),
  'for scale: buildAbility() (every requireAbility)': timeSync(200_000, () => {
    sink += buildAbility(warmRules).rules.length
  }),
}

// (b) A list endpoint over a real Postgres (PGlite, in this process).
const client = new PGlite()
const db = drizzle(client)
const posts = pgTable('posts', {
  id: integer('id').primaryKey(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  authorId: text('author_id').notNull(),
  published: boolean('published').notNull(),
  locked: boolean('locked'),
})
await client.exec(`
  CREATE TABLE posts (id integer PRIMARY KEY, title text NOT NULL, body text NOT NULL, author_id text NOT NULL, published boolean NOT NULL, locked boolean);
  CREATE INDEX posts_author ON posts (author_id);
`)
// 100 authors; 30% published; 5% locked, 5% NULL locked.
await client.query(`
  INSERT INTO posts
  SELECT i, 'Post ' || i, repeat('lorem ipsum ', 20), 'u' || (i % 100), i % 10 < 3,
         CASE WHEN i % 20 = 0 THEN true WHEN i % 20 = 1 THEN NULL ELSE false END
  FROM generate_series(1, $1) AS i`, [rowCount])
await client.exec('ANALYZE posts')

const endpoints = [
  ['editor (published or own, not locked)', ['editor']],
  ['user (own posts only)', ['user']],
]
const list = []
for (const [name, roles] of endpoints) {
  const rules = cache.rulesFor(roles, 'u7')
  const inSql = async () => {
    const query = accessQuery(rules, 'read', 'Post')
    if (query.nothing) {
      return []
    }
    const where = query.toSql(sqlOptions)
    return (await client.query(`SELECT * FROM posts WHERE ${where.text}`, where.values)).rows
  }
  const inDrizzle = async () => db.select().from(posts).where(drizzleWhere(accessQuery(rules, 'read', 'Post'), posts))
  const inMemory = async () => {
    const ability = buildAbility(rules)
    const { rows } = await client.query('SELECT * FROM posts')
    return rows.filter(row => ability.can('read', subject('Post', { ...row, authorId: row.author_id })))
  }
  const counts = [(await inSql()).length, (await inDrizzle()).length, (await inMemory()).length]
  if (new Set(counts).size !== 1) {
    throw new Error(`${name}: SQL, Drizzle and in-memory disagree: ${counts.join(' / ')} rows`)
  }
  for (const run of [inSql, inDrizzle, inMemory]) {
    await run()
  }
  const requests = 10
  list.push({
    name,
    rows: counts[0],
    sql: await timeAsync(requests, inSql),
    drizzle: await timeAsync(requests, inDrizzle),
    memory: await timeAsync(requests, inMemory),
  })
}
await client.close()

const µs = ns => `${(ns / 1000).toFixed(2)} µs`
const ms = ns => `${(ns / 1e6).toFixed(2)} ms`
console.log(`\nTranslation per request (median of ${rounds} rounds)\n`)
console.log('| path | per request |\n|---|---|')
for (const [name, ns] of Object.entries(translation)) {
  console.log(`| ${name} | ${µs(ns)} |`)
}
console.log(`\ncold / warm: ${(translation['cold: new rule set, accessQuery() + toSql()'] / translation['warm: cached query, toSql()']).toFixed(1)}×`)
console.log(`\nList endpoint over ${rowCount} rows in PGlite (median of ${rounds} rounds of 10 requests)\n`)
console.log('| rules | rows allowed | SQL (toSql) | SQL (Drizzle) | fetch all + ability.can | in memory / SQL |\n|---|---|---|---|---|---|')
for (const row of list) {
  console.log(`| ${row.name} | ${row.rows} | ${ms(row.sql)} | ${ms(row.drizzle)} | ${ms(row.memory)} | ${(row.memory / row.sql).toFixed(1)}× |`)
}
if (sink === 0) {
  console.log('(nothing measured)')
}
