import { and, eq } from 'drizzle-orm'

/** A post as stored in the playground's database (server/utils/database.ts). */
export type Post = typeof postsTable.$inferSelect

export async function findPost(id: number): Promise<Post | undefined> {
  const { db } = await useDatabase()
  const [post] = await db.select().from(postsTable).where(eq(postsTable.id, id))
  return post
}

export async function savePost(post: Post): Promise<Post> {
  const { db } = await useDatabase()
  const { id, ...fields } = post
  const [saved] = await db.update(postsTable).set(fields).where(eq(postsTable.id, id)).returning()
  return saved!
}

/** Whether the user belongs to the workspace; false for a caller without an id. */
export async function isWorkspaceMember(workspace: string, userId: string | undefined, signal?: AbortSignal): Promise<boolean> {
  if (userId === undefined) {
    return false
  }
  signal?.throwIfAborted()
  const { db } = await useDatabase()
  const rows = await db.select().from(workspaceMembersTable)
    .where(and(eq(workspaceMembersTable.workspace, workspace), eq(workspaceMembersTable.userId, userId)))
  return rows.length > 0
}

export function parsePostId(raw: string | undefined): number {
  const id = Number(raw)
  // At most Postgres's integer: a larger id would be a database error, not a missing post.
  if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647) {
    throw createError({ statusCode: 400, statusMessage: 'Bad Request', message: 'Post id must be a positive integer.' })
  }
  return id
}
