// Ends one of the admin's own keys at once (owner: an id from the URL cannot end someone else's).
export default defineEventHandler(async (event) => {
  const { uid } = await requireRole(event, 'admin')
  if (!await revokeApiKey(getRouterParam(event, 'id')!, { owner: uid! })) {
    throw createError({ statusCode: 404, statusMessage: 'Not Found' })
  }
  return { revoked: true }
})
