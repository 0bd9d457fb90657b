/** What the module prefixes its messages with, build time and run time alike. */
export const PREFIX = '[nuxt-auth-rbac]'

/** The global property compiled `v-can` calls (set by the app plugin, emitted by the compiler transform). */
export const CAN_HELPER = '$rbacCan'

/** The global property compiled `v-role` calls: `(roles, all) => boolean` (set by the role plugin). */
export const ROLE_HELPER = '$rbacHasRole'

/** The Nitro storage mount that holds revocations, role-change markers and cached roles. */
export const STORE_MOUNT = 'rbac'
