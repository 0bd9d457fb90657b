// Anyone who may read posts; the ability comes from shared/abilities.ts.
export default defineEventHandler(async (event) => {
  await requireAbility(event, 'read', 'Post')
  return listPosts()
})
