// Sign-out: the refresh token nuxt-auth sends is revoked; the access token expires on its own.
export default defineEventHandler(async (event) => {
  const body = await readBody<{ refreshToken?: unknown } | null>(event)
  revokeRefreshToken(body?.refreshToken)
  return { signedOut: true }
})
