/** What the module prefixes its messages with, build time and run time alike. */
export const PREFIX = '[nuxt-auth-rbac]'

/** The global property compiled `v-can` calls (set by the app plugin, emitted by the compiler transform). */
export const CAN_HELPER = '$rbacCan'
