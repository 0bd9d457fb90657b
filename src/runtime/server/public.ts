// `#rbac-server`: the server utils for apps without auto-imports (`imports.autoImport: false`),
// typed like every other import: `import { requireRole, withRbac } from '#rbac-server'`.
export { getRbac, hasRbac, hasRole, requireRbac, requireRole } from './utils/rbac'
export type { RbacContext, RequireRoleOptions } from './utils/rbac'
export { hasAbility, pickPermittedFields, requireAbility } from './utils/abilities'
export { requireRbacUpgrade } from './utils/websocket'
export type { UpgradeRequest } from './utils/websocket'
export { withRbac } from './utils/callbacks'
export { rbacAuthLogger, rbacLoggedAuthorize } from './utils/auth-logger'
export { rbacJwtCodec } from './utils/jwt-codec'
export { defineRbacRoles, refreshRoles, revokeSessions } from './utils/freshness'
export type { RbacRolesQuery, RbacRolesResolver } from './utils/freshness'
export { defineAbilities } from '../shared/abilities/define-abilities'
