import { useLogger } from '@nuxt/kit'

/**
 * Build-time messages, through Nuxt's logger (consola) with the module's tag: the terminal shows it
 * beside the message, a log without a terminal prints `[warn] [nuxt-auth-rbac] …`. Messages passed
 * to it carry no `[nuxt-auth-rbac]` prefix of their own; errors that stop the build still do.
 */
export const logger = useLogger('nuxt-auth-rbac')
