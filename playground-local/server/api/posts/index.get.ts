// Whoever may read posts (shared/abilities.ts).
export default defineEventHandler(async (event) => {
  await requireAbility(event, 'read', 'Post')
  return listPosts()
})
