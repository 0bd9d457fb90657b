// The admin's own live keys: names, roles and dates, never the secrets.
export default defineEventHandler(async (event) => {
  const { uid } = await requireRole(event, 'admin')
  return await listApiKeys(uid!)
})
