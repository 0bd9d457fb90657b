import { addComponent, addImports, addPlugin, addRouteMiddleware, addServerHandler, addServerImports, addServerPlugin, addServerImportsDir, createResolver, defineNuxtModule, tryResolveModule } from '@nuxt/kit'
import type { Nuxt } from '@nuxt/schema'
import defu from 'defu'
import { validateOptions } from './build/options'
import type { ModuleOptions } from './build/options'
import { extractRouteRules, withoutRbacRules } from './build/route-rules'
import { assertEnforceable, assertNoPublicFiles } from './build/enforceability'
import { listPublicFiles } from './build/public-files'
import { resolveAbilitiesFile } from './build/abilities'
import { resolvePoliciesFile } from './build/policies'
import { FRESHNESS_DEFAULTS, resolveRolesResolverFile } from './build/roles-resolver'
import { registerVCan } from './build/compiler'
import { warnAboutBareServerUtils } from './build/bare-imports'
import { warnAboutLayoutGuards } from './build/layout-meta'
import { assertNotSwitchedOff, assertRunnable } from './build/nuxt-version'
import { registerAudit } from './build/audit/register'
import { refuseOpenIslands } from './build/islands'
import { registerDevtools } from './build/devtools'
import type { RbacRouteRule } from './runtime/shared/routes/route-rules'
import { addTypeTemplates } from './build/types'
import { registerDefaultStore } from './build/store-default'
import { localServerSettings } from './build/local-source'
import { apiClientSettings } from './build/api-clients'
import type { AuthProvider } from './build/local-source'
import { expandHierarchy } from './runtime/shared/roles/hierarchy'
import { authBasePath, withoutAppBase } from './runtime/shared/routes/auth-endpoints'
import type { RbacConfig } from './runtime/shared/config'
// Types only: Nuxt's `nitro` and `routeRules` options are declared by its Nitro integration.
import type {} from '@nuxt/nitro-server'

export type { ModuleOptions } from './build/options'

export default defineNuxtModule<ModuleOptions>({
  meta: {
    name: 'nuxt-auth-rbac',
    version: '0.3.0',
    configKey: 'rbac',
  },
  // A function, because Nuxt calls it even for a module switched off with `rbac: false`.
  moduleDependencies(nuxt: Nuxt): Record<string, object> {
    assertNotSwitchedOff(nuxt.options as Parameters<typeof assertNotSwitchedOff>[0])
    return { '@sidebase/nuxt-auth': {} }
  },
  defaults: {
    roles: [],
    inherits: {},
    sessionRolePath: 'role',
    redirect: {},
  },
  async setup(options, nuxt) {
    assertRunnable(nuxt)
    const { resolve } = createResolver(import.meta.url)
    const abilitiesFile = await resolveAbilitiesFile(options.abilities)
    nuxt.options.alias['#rbac-definitions'] = abilitiesFile ?? resolve('./runtime/shared/abilities/no-abilities')
    nuxt.options.alias['#rbac'] = resolve('./runtime/shared/public')
    const rolesResolver = await resolveRolesResolverFile(options.freshness)
    nuxt.options.alias['#rbac-roles'] = rolesResolver ?? resolve('./runtime/server/freshness/no-roles-resolver')
    const policiesFile = await resolvePoliciesFile(options.policies)
    nuxt.options.alias['#rbac-policies'] = policiesFile ?? resolve('./runtime/server/policies/no-policies')

    // `nuxi prepare` of the module's own folder (type generation) runs without any app config.
    if (nuxt.options._prepare && options.roles.length === 0) {
      return
    }
    validateOptions(options)

    const config: RbacConfig = {
      roles: [...options.roles],
      grants: expandHierarchy(options.roles, options.inherits),
      sessionRolePath: options.sessionRolePath,
      redirect: { ...options.redirect },
    }
    const publicConfig = nuxt.options.runtimeConfig.public as Record<string, unknown>
    publicConfig.rbac = defu(publicConfig.rbac as Partial<RbacConfig> | undefined, config)
    // Which identity source the server reads follows from nuxt-auth's provider.
    // nuxt-auth's own options: its setup (which fills in its defaults) may not have run yet.
    const provider = (nuxt.options as { auth?: { provider?: AuthProvider } }).auth?.provider
    const local = localServerSettings(options.local, provider)
    // Declared so that NUXT_AUTH_SECRET reaches the server guards, which decode the session cookie themselves.
    if (!local) {
      nuxt.options.runtimeConfig.authSecret ??= ''
    }
    // Server only: compiled route rules, freshness and identity settings (the app's generated type does not know them yet).
    const privateConfig = nuxt.options.runtimeConfig as Record<string, unknown>
    if (local) {
      privateConfig.rbac = { ...privateConfig.rbac as object, local }
    }
    if (rolesResolver) {
      const { resolver: _path, ...freshness } = { ...FRESHNESS_DEFAULTS, ...options.freshness }
      privateConfig.rbac = { ...privateConfig.rbac as object, freshness: { ...freshness, persist: '' } }
      registerDefaultStore(nuxt)
    }

    if (options.decisionLog) {
      privateConfig.rbac = { ...privateConfig.rbac as object, decisionLog: { log: false, allows: 0, query: false, ...options.decisionLog } }
    }
    const clients = apiClientSettings(options, { source: local ? 'local' : 'authjs', hasRolesResolver: rolesResolver !== undefined })
    if (clients.bearer || clients.apiKeys) {
      privateConfig.rbac = { ...privateConfig.rbac as object, bearer: clients.bearer, apiKeys: clients.apiKeys }
    }

    let auditedRules: { rules: RbacRouteRule[], authBasePath: string } | undefined
    refuseOpenIslands(nuxt, { rules: () => auditedRules?.rules, publicPatterns: options.public ?? [] })
    registerAudit(nuxt, {
      roles: config.roles as string[],
      grants: config.grants as Record<string, string[]>,
      publicPatterns: options.public ?? [],
      failOn: options.audit?.failOn ?? [],
      abilitiesFile,
      policiesFile,
      publicEntry: resolve('./runtime/shared/public'),
      runtimeDir: resolve('./runtime'),
      routeRules: () => auditedRules,
      apiKeys: clients.apiKeys !== undefined,
    })

    nuxt.hook('modules:done', () => {
      const allRouteRules = { ...nuxt.options.nitro.routeRules, ...nuxt.options.routeRules }
      const routeRules = extractRouteRules(allRouteRules, options.roles)
      // Route rules are written, and routes are routed, without app.baseURL; nuxt-auth's base may include it.
      const authBase = withoutAppBase(authBasePath((nuxt.options.runtimeConfig.public.auth as { baseURL?: string } | undefined)?.baseURL), nuxt.options.app.baseURL)
      assertEnforceable(routeRules, allRouteRules, authBase)
      assertNoPublicFiles(routeRules, listPublicFiles(nuxt))
      privateConfig.rbac = { ...privateConfig.rbac as object, routeRules, authBasePath: authBase }
      auditedRules = { rules: routeRules, authBasePath: authBase }
      nuxt.options.routeRules = withoutRbacRules(nuxt.options.routeRules)
      nuxt.options.nitro.routeRules = withoutRbacRules(nuxt.options.nitro.routeRules)
    })

    const defineAbilities = { name: 'defineAbilities', from: resolve('./runtime/shared/abilities/define-abilities') }
    addImports([defineAbilities, { name: 'useRbac', from: resolve('./runtime/app/composables/useRbac') }])
    addServerImports([defineAbilities])
    addServerImportsDir(resolve('./runtime/server/utils'))
    // List filtering for Drizzle apps; the file imports drizzle-orm, an optional peer.
    if (await tryResolveModule('drizzle-orm', nuxt.options.modulesDir)) {
      addServerImports([{ name: 'drizzleWhere', from: resolve('./runtime/server/query/drizzle') }])
    }
    const serverEntry = resolve('./runtime/server/public')
    nuxt.options.nitro.alias = { ...nuxt.options.nitro.alias, '#rbac-server': serverEntry }
    // Types only, for the app's program: typed $fetch reads the server handlers, imports included.
    nuxt.hook('prepare:types', ({ tsConfig }) => {
      tsConfig.compilerOptions = { ...tsConfig.compilerOptions, paths: { ...tsConfig.compilerOptions?.paths, '#rbac-server': [serverEntry] } }
    })
    if (nuxt.options.imports.autoImport === false) {
      warnAboutBareServerUtils(nuxt, resolve('./runtime'))
    }
    addServerHandler({ middleware: true, handler: resolve('./runtime/server/middleware/route-rules') })
    // Websocket upgrades are answered before any middleware: the same rules, enforced at the upgrade.
    addServerPlugin(resolve('./runtime/server/plugins/websocket-rules'))

    addPlugin(resolve('./runtime/app/plugins/rbac'))
    addPlugin(resolve('./runtime/app/directives/role-plugin'))
    addRouteMiddleware({ name: 'rbac', path: resolve('./runtime/app/middleware/rbac'), global: true })
    warnAboutLayoutGuards(nuxt)
    registerDevtools(nuxt, resolve)
    addComponent({ name: 'Can', filePath: resolve('./runtime/app/components/can') })
    registerVCan(nuxt)

    const typeSources = { roles: options.roles, sessionRolePath: options.sessionRolePath, runtimeDir: resolve('./runtime'), abilitiesFile, policiesFile, source: local ? 'local' as const : 'authjs' as const, apiKeys: clients.apiKeys !== undefined }
    addTypeTemplates(nuxt, typeSources)
  },
})
