// The signed-in admin makes a key for their own scripts. The key is in this answer only: the store
// keeps a hash of its secret. (The /api/admin/** rule takes sessions only: a key cannot make keys.)
export default defineEventHandler(async (event) => {
  const { uid } = await requireRole(event, 'admin')
  const { name, role, days } = await readBody<{ name?: string, role?: 'admin' | 'editor' | 'viewer' | 'billing', days?: number }>(event)
  try {
    return await createApiKey(uid!, {
      name: name ?? '',
      roles: role ? [role] : undefined,
      expiresIn: days === undefined ? undefined : Math.round(days * 24 * 60 * 60),
    })
  }
  catch (error) {
    // createApiKey says what is wrong with a name, role or lifetime as a TypeError.
    if (error instanceof TypeError) {
      throw createError({ statusCode: 400, statusMessage: 'Bad Request', message: error.message })
    }
    throw error
  }
})
