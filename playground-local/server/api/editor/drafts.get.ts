// Editors, and admins through inheritance.
export default defineEventHandler(async (event) => {
  const { uid } = await requireRole(event, 'editor')
  return { drafts: [{ id: 7, title: 'Half a thought about JWKS', authorId: uid }] }
})
