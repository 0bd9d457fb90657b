// No check in this file: routeRules['/api/admin/**'] in nuxt.config guards the whole tree.
export default defineEventHandler(() => {
  return demoUsers.map(({ id, name }) => ({ id, name, roles: rolesOf(id) ?? [] }))
})
