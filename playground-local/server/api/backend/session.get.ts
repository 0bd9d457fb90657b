// What nuxt-auth stores as `useAuth().data`: the user of a valid access token. The module reads
// the roles at sessionRolePath (`role`, and `roles` beside it) for page guards and templates.
export default defineEventHandler(async (event) => {
  const token = bearerToken(event)
  const claims = token ? await verifyAccessToken(token) : null
  const account = claims ? accountById(claims.sub) : undefined
  if (!claims || !account) {
    throw createError({ statusCode: 401, statusMessage: 'Unauthorized' })
  }
  // The roles the token grants, the same ones the server guards read from it.
  return { uid: account.id, name: account.name, role: claims.roles[0], roles: claims.roles }
})
