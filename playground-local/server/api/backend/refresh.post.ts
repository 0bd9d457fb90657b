// A new access token for a refresh token, which is spent: the answer carries its replacement.
// The (likely expired) access token nuxt-auth sends along is not needed and not read.
export default defineEventHandler(async (event) => {
  const body = await readBody<{ refreshToken?: unknown } | null>(event)
  const account = accountById(redeemRefreshToken(body?.refreshToken))
  if (!account) {
    throw createError({ statusCode: 401, statusMessage: 'Unauthorized', message: 'Sign in again.' })
  }
  return await issueTokens(account)
})
