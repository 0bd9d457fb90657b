// Everyone who may read users sees them, but only the fields their role may read:
// viewers get names, admins get everything.
export default defineEventHandler(async (event) => {
  await requireAbility(event, 'read', 'User')
  const users = demoUsers.map(({ id, name, email }) => ({ id, name, email, roles: rolesOf(id) ?? [] }))
  return await pickPermittedFields(event, 'read', users, 'User')
})
