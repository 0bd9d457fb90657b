import { PGlite } from '@electric-sql/pglite'
import { drizzle } from 'drizzle-orm/pglite'
import { boolean, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core'

export const postsTable = pgTable('posts', {
  id: integer('id').primaryKey(),
  title: text('title').notNull(),
  authorId: text('author_id').notNull(),
  workspace: text('workspace').notNull(),
  published: boolean('published').notNull(),
  locked: boolean('locked').notNull(),
})

/** Who belongs to which workspace: what the post.publish policy looks up. */
export const workspaceMembersTable = pgTable('workspace_members', {
  workspace: text('workspace').notNull(),
  userId: text('user_id').notNull(),
}, table => [primaryKey({ columns: [table.workspace, table.userId] })])

const seedPosts = [
  { id: 1, title: 'Welcome to the playground', authorId: '1', workspace: 'news', published: true, locked: true },
  { id: 2, title: 'Roles, inherited', authorId: '2', workspace: 'news', published: true, locked: false },
  { id: 3, title: 'A viewer\'s notes', authorId: '3', workspace: 'news', published: false, locked: false },
  { id: 4, title: 'Casey writes too', authorId: '4', workspace: 'sports', published: true, locked: false },
  { id: 5, title: 'Policies need data', authorId: '2', workspace: 'news', published: false, locked: false },
  { id: 6, title: 'Embargoed results', authorId: '4', workspace: 'sports', published: false, locked: true },
]

// Admins Ada and Ash, editor Eddie and Casey (editor and billing); viewers belong to none.
const seedMembers = [
  { workspace: 'news', userId: '1' },
  { workspace: 'news', userId: '2' },
  { workspace: 'sports', userId: '4' },
  { workspace: 'sports', userId: '6' },
]

async function open() {
  // Postgres in the server process (PGlite, in memory): every restart starts from the seed.
  const client = new PGlite()
  await client.exec(`
    create table posts (id integer primary key, title text not null, author_id text not null,
      workspace text not null, published boolean not null, locked boolean not null);
    create table workspace_members (workspace text not null, user_id text not null, primary key (workspace, user_id));
  `)
  const db = drizzle(client)
  await db.insert(postsTable).values(seedPosts)
  await db.insert(workspaceMembersTable).values(seedMembers)
  return { client, db }
}

let opened: ReturnType<typeof open> | undefined

/** The playground's database, created and seeded on first use. A real app connects to its own. */
export function useDatabase(): ReturnType<typeof open> {
  return opened ??= open().catch((error: unknown) => {
    // A failed start is not kept: the next request tries again.
    opened = undefined
    throw error
  })
}
