// The backend's sign-in: credentials in, an access token and a refresh token out.
export default defineEventHandler(async (event) => {
  const body = await readBody<{ username?: unknown, password?: unknown } | null>(event)
  const account = findAccount(body?.username, body?.password)
  if (!account) {
    throw createError({ statusCode: 401, statusMessage: 'Unauthorized', message: 'Wrong username or password.' })
  }
  return await issueTokens(account)
})
