// Guarded by routeRules['/api/admin/**'] in nuxt.config, not here.
export default defineEventHandler(() => accounts.map(({ id, name, username, roles }) => ({ id, name, username, roles })))
