// Open: who the server takes the caller to be, from the verified token (never the token itself).
export default defineEventHandler(async (event) => {
  const rbac = await getRbac(event)
  return rbac ? { signedIn: true, uid: rbac.uid, roles: rbac.roles, effectiveRoles: rbac.effectiveRoles } : { signedIn: false }
})
