// Shows why a body is never trusted as a subject: the client claims its object is a Post it
// owns, but the type it is checked as comes from the server, not from `__caslSubjectType__`.
export default defineEventHandler(async (event) => {
  const claimed = await readBody<Record<string, unknown>>(event)
  return { canUpdateClaimed: await hasAbility(event, 'update', claimed) }
})
