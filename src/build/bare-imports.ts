import type { Nuxt } from '@nuxt/schema'
import { relative } from 'node:path'
import { logger } from './logger'

/** What `#rbac-server` exports and Nitro auto-imports. */
export const SERVER_UTILS = [
  'getRbac', 'hasRbac', 'hasRole', 'requireRbac', 'requireRole', 'hasAbility', 'pickPermittedFields', 'requireAbility',
  'requireRbacUpgrade', 'withRbac', 'rbacAuthLogger', 'rbacLoggedAuthorize', 'rbacJwtCodec', 'defineRbacRoles', 'refreshRoles', 'revokeSessions', 'defineAbilities',
  'createApiKey', 'listApiKeys', 'revokeApiKey',
] as const

/**
 * With auto-imports off, `withRbac(…)` in a server file is a bare global: the build passes and the
 * route answers 500 (`ReferenceError`). Finds the module's names a file calls without importing.
 */
export function findBareUses(code: string, names: readonly string[]): string[] {
  return names.filter(name => new RegExp(`(?<![\\w$.])${name}\\s*\\(`).test(code) && !imports(code, name))
}

function imports(code: string, name: string): boolean {
  // `import { name }`, `import { other as name }`, `import name from`, or a local definition.
  const imported = new RegExp(`import\\s*(?:type\\s+)?(?:[\\w$]+\\s*,\\s*)?\\{[^}]*(?<![\\w$])${name}(?![\\w$])[^}]*\\}\\s*from|import\\s+${name}\\s+from`)
  const defined = new RegExp(`(?:function|const|let|var|class)\\s+${name}(?![\\w$])`)
  // `const { name } = …`, `const { other: name } = …`
  const destructured = new RegExp(`(?:const|let|var)\\s*\\{[^}]*(?<![\\w$])${name}(?![\\w$])[^}]*\\}\\s*=`)
  return imported.test(code) || defined.test(code) || destructured.test(code)
}

/**
 * With `imports.autoImport: false`, warns once per build about server files that call the module's
 * utils without importing them, and names the import that fixes it.
 */
export function warnAboutBareServerUtils(nuxt: Nuxt, runtimeDir: string): void {
  nuxt.hook('nitro:init', (nitro) => {
    nitro.hooks.hook('rollup:before', (_nitro, config) => {
      const found = new Map<string, string[]>()
      const plugins = Array.isArray(config.plugins) ? config.plugins : [config.plugins].filter(Boolean)
      plugins.push({
        name: 'nuxt-auth-rbac:bare-server-utils',
        transform(code: string, id: string) {
          // The app's own server files; not the Vue app's server bundle in the build folder.
          if (!id.includes('/node_modules/') && !id.startsWith(runtimeDir) && !id.startsWith(nuxt.options.buildDir) && !id.startsWith('\0') && /\.(?:[cm]?[jt]s|vue)$/.test(id)) {
            const bare = findBareUses(code, SERVER_UTILS)
            if (bare.length > 0) {
              found.set(relative(nuxt.options.rootDir, id), bare)
            }
          }
          return null
        },
        buildEnd() {
          if (found.size > 0) {
            const files = [...found].map(([file, names]) => `  ${file}: ${names.join(', ')}`).join('\n')
            const names = [...new Set([...found.values()].flat())].join(', ')
            logger.warn(`Auto-imports are off (imports.autoImport: false), and these server files call nuxt-auth-rbac utils without importing them; they will fail at run time with a ReferenceError:\n${files}\nImport them: import { ${names} } from '#rbac-server'`)
          }
        },
      })
      config.plugins = plugins
    })
  })
}
