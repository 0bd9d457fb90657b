// Open to everyone: tells the caller who the server thinks they are. Never returns the token.
export default defineEventHandler(async (event) => {
  const rbac = await getRbac(event)
  if (!rbac) {
    return { signedIn: false }
  }
  return { signedIn: true, uid: rbac.uid, roles: rbac.roles, effectiveRoles: rbac.effectiveRoles }
})
