import { join } from 'node:path'
import type { Nuxt } from '@nuxt/schema'
import { addServerHandler, addServerPlugin } from '@nuxt/kit'
import { AUDIT_FILE } from './audit/register'

export const DEVTOOLS_ROUTE = '/__rbac_devtools'

/**
 * Development only (`nuxi dev`): a page that shows the signed-in user's roles and CASL rules, the
 * audit's role × route matrix and the last denials with their reasons, as a Nuxt DevTools tab and
 * at /__rbac_devtools. A production build registers none of it.
 */
export function registerDevtools(nuxt: Nuxt, resolve: (path: string) => string): void {
  if (!nuxt.options.dev) {
    return
  }
  const privateConfig = nuxt.options.runtimeConfig as Record<string, unknown>
  privateConfig.rbac = { ...privateConfig.rbac as object, devtools: { auditFile: join(nuxt.options.buildDir, AUDIT_FILE) } }
  addServerHandler({ route: DEVTOOLS_ROUTE, method: 'get', handler: resolve('./runtime/server/devtools/page.get') })
  addServerHandler({ route: `${DEVTOOLS_ROUTE}/state`, method: 'get', handler: resolve('./runtime/server/devtools/state.get') })
  addServerHandler({ route: `${DEVTOOLS_ROUTE}/report`, method: 'post', handler: resolve('./runtime/server/devtools/report.post') })
  addServerPlugin(resolve('./runtime/server/devtools/record-denials'))
  // The hook @nuxt/devtools-kit's addCustomTab uses, without depending on the kit.
  const hooks = nuxt.hooks as unknown as { hook: (name: string, fn: (tabs: unknown[]) => void) => void }
  hooks.hook('devtools:customTabs', (tabs) => {
    tabs.push({ name: 'nuxt-auth-rbac', title: 'Access', icon: 'carbon:locked', view: { type: 'iframe', src: DEVTOOLS_ROUTE } })
  })
}
