// Guarded in code: editors, and admins through inheritance.
export default defineEventHandler(async (event) => {
  const { uid } = await requireRole(event, 'editor')
  return { drafts: [{ id: 3, title: 'Unfinished thoughts', authorId: uid }] }
})
