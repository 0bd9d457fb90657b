import { getNuxtVersion } from '@nuxt/kit'
import type { Nuxt } from '@nuxt/schema'
import { PREFIX } from '../runtime/shared/names'

/**
 * The oldest release of each Nuxt major that runs the module as declared: Nuxt 3.19 and 4.1 are the
 * first to honour `moduleDependencies`, which installs @sidebase/nuxt-auth. Majors after the last
 * are let through (the `nuxt` peer range in package.json says what is tested; keep both in step).
 */
const OLDEST: ReadonlyArray<readonly [number, number, number]> = [[3, 19, 0], [4, 1, 0]]

/** The Nuxt releases the module runs on, as said in its messages. */
const SUPPORTED_NUXT = 'Nuxt >= 3.19 (Nuxt 3) or >= 4.1 (Nuxt 4)'

/** The names @sidebase/nuxt-auth is installed under (its `meta.name`, or its package name). */
const AUTH_MODULE_NAMES = new Set(['sidebase-auth', '@sidebase/nuxt-auth'])

/** What Nuxt records of an installed module (`nuxt.options._installedModules`). */
export interface InstalledModule {
  meta?: { name?: string, disabled?: boolean }
}

/**
 * Throws unless `found` (Nuxt's version) is one the module runs on. A prerelease or nightly counts
 * as its release; a version that cannot be read is refused, since the module cannot vouch for it.
 */
export function assertSupportedNuxt(found: string | undefined): void {
  const parts = /^v?(\d+)\.(\d+)\.(\d+)/.exec(found ?? '')?.slice(1).map(Number)
  if (parts && isSupported(parts)) {
    return
  }
  throw new Error(`${PREFIX} needs ${SUPPORTED_NUXT} (found ${found ?? 'an unknown version'}): upgrade Nuxt, e.g. npm install nuxt@^4.1.0 (or nuxt@^3.19.0). An older Nuxt does not install @sidebase/nuxt-auth for the module, or disables the module with only a warning, and then no route rule or page guard is enforced.`)
}

function isSupported(version: number[]): boolean {
  const oldest = OLDEST.find(([major]) => major === version[0])
  if (!oldest) {
    return version[0]! > OLDEST.at(-1)![0]
  }
  for (let part = 1; part < 3; part++) {
    if (version[part] !== oldest[part]) {
      return version[part]! > oldest[part]!
    }
  }
  return true
}

/**
 * Throws unless @sidebase/nuxt-auth has set itself up in this app: without it there is no sign-in
 * and no session, and the module's app plugin cannot be built. `publicAuth` is
 * `runtimeConfig.public.auth`, which nuxt-auth sets only once it is enabled.
 */
export function assertAuthModuleRuns(installed: readonly InstalledModule[], publicAuth: unknown): void {
  const authModule = installed.find(({ meta }) => AUTH_MODULE_NAMES.has(meta?.name ?? ''))
  if (!authModule) {
    throw new Error(`${PREFIX} @sidebase/nuxt-auth is not installed in this app, and the module needs its sign-in and session. Install it (npm install @sidebase/nuxt-auth) and list it in nuxt.config: modules: ['@sidebase/nuxt-auth', 'nuxt-auth-rbac'].`)
  }
  if (authModule.meta?.disabled) {
    throw new Error(`${PREFIX} @sidebase/nuxt-auth is disabled (auth: false in nuxt.config), and the module needs its sign-in and session. Remove auth: false, or remove nuxt-auth-rbac together with every rbac route rule and page guard.`)
  }
  if (typeof publicAuth !== 'object' || publicAuth === null) {
    throw new Error(`${PREFIX} @sidebase/nuxt-auth did not set itself up (auth.isEnabled: false in nuxt.config?), and the module needs its sign-in and session. Remove auth.isEnabled: false.`)
  }
}

/**
 * Fails the build wherever the module would not run as declared: on a Nuxt too old for it (checked
 * here, before anything is set up), and without @sidebase/nuxt-auth (checked once every module ran).
 * The module declares no `meta.compatibility.nuxt` on purpose: Nuxt disables a module that does not
 * match it with only a warning, and the build then succeeds with every rbac rule unenforced.
 */
export function assertRunnable(nuxt: Nuxt): void {
  let version: string | undefined
  try {
    version = getNuxtVersion(nuxt)
  }
  catch (error) {
    // Kit's "Cannot determine nuxt version": refused below, as an unknown version.
    if (!(error instanceof TypeError)) {
      throw error
    }
  }
  assertSupportedNuxt(version)
  nuxt.hook('modules:done', () => {
    assertAuthModuleRuns(nuxt.options._installedModules ?? [], nuxt.options.runtimeConfig.public.auth)
  })
}

/**
 * Throws when the app turns the module off with `rbac: false` while route rules ask it to guard
 * paths: Nuxt then skips the module before any of its code runs, and the rules would guard nothing.
 * Called from `moduleDependencies`, which Nuxt reads before it looks at `false`.
 */
export function assertNotSwitchedOff(options: { rbac?: unknown, routeRules?: unknown, nitro?: { routeRules?: unknown } }): void {
  if (options.rbac !== false) {
    return
  }
  const rules = { ...options.nitro?.routeRules as object, ...options.routeRules as object } as Record<string, { rbac?: unknown } | undefined>
  const guarded = Object.keys(rules).filter(pattern => rules[pattern]?.rbac !== undefined)
  if (guarded.length > 0) {
    throw new Error(`${PREFIX} rbac: false turns the module off, but routeRules ${guarded.map(pattern => `'${pattern}'`).join(', ')} ask it to guard paths: they would be served to anyone. Remove rbac: false (or the rules).`)
  }
}
