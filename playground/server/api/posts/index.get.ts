// The posts the caller may read, filtered by the database from the rules in shared/abilities.ts:
// published posts, your own drafts, everything for admins.
export default defineEventHandler(async (event) => {
  // 401 signed out, 403 for a role that may read no post at all.
  await requireAbility(event, 'read', 'Post')
  const readable = await accessibleBy(event, 'read', 'Post')
  if (readable.nothing) {
    return []
  }
  const { db } = await useDatabase()
  return await db.select().from(postsTable).where(drizzleWhere(readable, postsTable)).orderBy(postsTable.id)
})
