// Where roles come from on the server. With this file, no decision uses roles older than
// rbac.freshness.maxAge, and the admin page's changes apply on the next request.
export default defineRbacRoles(({ uid }) => rolesOf(uid))
