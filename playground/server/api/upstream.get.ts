// The access token stays on the server: use it here to call an upstream API for the user. Only a
// session has one (an API key's caller has no next-auth token), so this route takes sessions only.
export default defineEventHandler(async (event) => {
  const { token } = await requireRbac(event, { role: 'viewer', via: ['session'] })
  return { upstreamTokenPresent: typeof token?.accessToken === 'string' }
})
