import { join } from 'node:path'
import type { Nuxt } from '@nuxt/schema'
import { addServerHandler, addServerPlugin } from '@nuxt/kit'
import { AUDIT_FILE } from './audit/register'

export const DEVTOOLS_ROUTE = '/__rbac_devtools'

/**
 * Development only (`nuxi dev`): a page that shows the signed-in user's roles and CASL rules, the
 * audit's role × route matrix and the caller's own last denials with their reasons, as a Nuxt
 * DevTools tab and at /__rbac_devtools. A production build registers none of it.
 *
 * The endpoints answer only requests whose `Host` is this dev server's (loopback, the configured or
 * listened-on host, the hosts nuxi allows for Vite): see runtime/server/devtools/host.ts.
 */
export function registerDevtools(nuxt: Nuxt, resolve: (path: string) => string): void {
  if (!nuxt.options.dev) {
    return
  }
  const privateConfig = nuxt.options.runtimeConfig as Record<string, unknown>
  privateConfig.rbac = { ...privateConfig.rbac as object, devtools: { auditFile: join(nuxt.options.buildDir, AUDIT_FILE), hosts: devServerHosts(nuxt) } }
  // nuxi sets the host it actually listens on after the modules ran, before Nitro is built.
  nuxt.hook('nitro:build:before', (nitro) => {
    const devtools = (nitro.options.runtimeConfig.rbac as { devtools?: { hosts?: string[] } } | undefined)?.devtools
    if (devtools) {
      devtools.hosts = [...new Set([...devtools.hosts ?? [], ...devServerHosts(nuxt)])]
    }
  })
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

/**
 * The dev server's own host names besides loopback: `devServer.host` (configured, then the address
 * nuxi listens on) and the names nuxi and the app allow Vite to answer (`vite.server.allowedHosts`;
 * `true`, "any host", is not taken over).
 */
function devServerHosts(nuxt: Nuxt): string[] {
  const allowed = nuxt.options.vite?.server?.allowedHosts
  const hosts = [nuxt.options.devServer.host, ...(Array.isArray(allowed) ? allowed : [])]
  return hosts.filter((host): host is string => typeof host === 'string' && host !== '')
}
