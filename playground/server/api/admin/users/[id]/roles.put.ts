// Changes a user's roles (routeRules['/api/admin/**'] makes this admin-only), then drops the old
// roles everywhere: the user's next request, on any server, runs with the new ones.
export default defineEventHandler(async (event) => {
  const id = getRouterParam(event, 'id') ?? ''
  const body = await readBody<unknown>(event)
  const roles = (body as { roles?: unknown } | null)?.roles
  const known = useRuntimeConfig().public.rbac.roles
  if (!Array.isArray(roles) || !roles.every(role => typeof role === 'string' && known.includes(role))) {
    throw createError({ statusCode: 400, statusMessage: 'Bad Request', message: `roles must be a list of: ${known.join(', ')}` })
  }
  assignRoles(id, roles)
  await refreshRoles(id)
  return { id, roles: rolesOf(id) }
})
