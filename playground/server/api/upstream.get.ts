// The access token stays on the server: use it here to call an upstream API for the user.
export default defineEventHandler(async (event) => {
  const { token } = await requireRole(event, 'viewer')
  return { upstreamTokenPresent: typeof token.accessToken === 'string' }
})
