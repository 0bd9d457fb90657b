// Signs a user out everywhere: every session issued before now answers 401 on its next request.
export default defineEventHandler(async (event) => {
  const id = getRouterParam(event, 'id') ?? ''
  if (rolesOf(id) === null) {
    throw createError({ statusCode: 404, statusMessage: 'Not Found' })
  }
  await revokeSessions(id)
  return { id, signedOut: true }
})
