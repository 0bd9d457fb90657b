import { readFile, writeFile, mkdir } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import type { Nuxt, NuxtPage } from '@nuxt/schema'
import { createJiti } from 'jiti'
import { collectPageRequirements } from '../../runtime/shared/decision/page-requirements'
import { defineAbilities, isAbilityDefinition } from '../../runtime/shared/abilities/define-abilities'
import type { RbacRawRule } from '../../runtime/shared/abilities/define-abilities'
import { AbilityRulesCache } from '../../runtime/shared/abilities/rules-cache'
import type { RbacRouteRule } from '../../runtime/shared/routes/route-rules'
import { PREFIX } from '../../runtime/shared/names'
import { buildAudit } from './audit'
import type { AuditPage, AuditProblem, RbacAudit } from './audit'
import { readHandler } from './guards'
import type { HandlerReading, ReadOptions } from './guards'
import { setsGuardInPageMeta } from '../page-meta-source'
import { pagesNamingPolicies } from './page-policies'
import { loadPolicyGuests } from './policy-file'
import { islandComponents } from '../islands'
import { logger } from '../logger'
import { ISLAND_PREFIX } from '../../runtime/shared/routes/island-route'

export const AUDIT_FILE = 'rbac-audit.json'

/** What Nitro itself auto-imports (nitropack/runtime/internal/…) among the names the audit trusts; the rest are h3's. */
const NITRO_NAMES = new Set(['useRuntimeConfig', 'defineCachedEventHandler', 'cachedEventHandler'])

export type AuditFailure = AuditProblem['kind']

export interface AuditSources {
  roles: string[]
  grants: Record<string, string[]>
  publicPatterns: string[]
  failOn: AuditFailure[]
  abilitiesFile: string | undefined
  /** The app's `server/rbac-policies.ts`: which of its policies take guests. */
  policiesFile?: string | undefined
  /** `#rbac`, for an abilities file that imports defineAbilities from it. */
  publicEntry: string
  runtimeDir: string
  /** Known once every module has added its rules. */
  routeRules: () => { rules: RbacRouteRule[], authBasePath: string } | undefined
  /** `rbac.apiKeys` is on: the audit says which routes accept keys. */
  apiKeys?: boolean
}

/**
 * Collects, at build and in development, every page with its requirement and every server route
 * with the route rules over it and the guards its handler calls; writes `.nuxt/rbac-audit.json`
 * (read by `npx nuxt-auth-rbac audit` and the DevTools tab) and says what it found.
 */
export function registerAudit(nuxt: Nuxt, sources: AuditSources): void {
  // Nuxt extracts these page-meta keys at build when they are written literally.
  nuxt.options.experimental.extraPageMetaExtractionKeys = [...new Set([...(nuxt.options.experimental.extraPageMetaExtractionKeys ?? []), 'role', 'can', 'rbac'])]
  let pages: AuditPage[] | undefined
  let handlers: Array<{ route: string, method: string | null, file: string }> | undefined
  let readOptions: ReadOptions = {}
  // Said where the build awaits it (Nuxt also resolves pages from debounced, unawaited calls).
  let failure: string | undefined
  let pageErrors: string[] = []
  nuxt.hook('nitro:build:before', () => {
    if (pageErrors.length > 0) {
      throw new Error(pageErrors.join('\n'))
    }
    if (failure) {
      throw new Error(failure)
    }
  })

  const write = async () => {
    const configured = sources.routeRules()
    if (!pages || !handlers || !configured || !islands) {
      return
    }
    const { rulesFor, guestRules } = await loadAbilityRules(sources) ?? {}
    const policies = await loadPolicyGuests(sources.policiesFile)
    const options: ReadOptions = { ...readOptions, policyGuests: name => policies.get(name) }
    const audit = buildAudit({
      roles: sources.roles,
      grants: sources.grants,
      abilities: rulesFor ? Object.fromEntries(sources.roles.map(role => [role, rulesFor(sources.grants[role] ?? [role])])) : {},
      rulesFor,
      guestRules,
      pages,
      handlers: [...await Promise.all(handlers.map(async handler => ({
        ...handler,
        file: relative(nuxt.options.rootDir, handler.file),
        ...await readHandlerFile(handler.file, options),
      }))), ...islands],
      rules: configured.rules.map(({ pattern, rbac }) => ({ pattern, rbac })),
      publicPatterns: sources.publicPatterns,
      authBasePath: configured.authBasePath,
      credentials: sources.apiKeys ? ['session', 'api-key'] : ['session'],
    })
    // `.nuxt/` of the app, where `npx nuxt-auth-rbac audit` looks, and the build directory if it is
    // another one (Nuxt 4 builds for production in node_modules/.cache/nuxt/.nuxt).
    const targets = new Set([join(nuxt.options.rootDir, '.nuxt', AUDIT_FILE), join(nuxt.options.buildDir, AUDIT_FILE)])
    for (const target of targets) {
      await mkdir(dirname(target), { recursive: true })
      await writeFile(target, `${JSON.stringify(audit, null, 2)}\n`)
    }
    failure = report(audit, nuxt, sources.failOn)
  }

  // Server components answer on requests of their own: listed as routes that a rule can cover.
  let islands: Array<{ route: string, method: null, file: string, kind: 'island', guards: [], sideEffects: [] }> | undefined
  nuxt.hook('app:templatesGenerated', async (app) => {
    const found = islandComponents(app.components).map(component => ({ route: `${ISLAND_PREFIX}${component.name}`, method: null, file: relative(nuxt.options.rootDir, component.file), kind: 'island' as const, guards: [] as [], sideEffects: [] as [] }))
    if (JSON.stringify(found) !== JSON.stringify(islands)) {
      islands = found
      await write()
    }
  })

  nuxt.hook('pages:resolved', async (routes) => {
    pageErrors = [...new Set(pagesNamingPolicies(routes, nuxt.options.rootDir))]
    for (const error of pageErrors) {
      logger.error(error)
    }
    pages = await flattenPages(routes, [], '', nuxt.options.rootDir)
    await write()
  })
  nuxt.hook('nitro:init', (nitro) => {
    const scan = async () => {
      // The app's own handlers, its layers' included; not those of installed modules.
      const roots = nuxt.options._layers.map(layer => layer.config.rootDir)
      handlers = [...nitro.scannedHandlers, ...nitro.options.handlers]
        .filter(handler => !handler.middleware && handler.route && typeof handler.handler === 'string'
          && roots.some(root => (handler.handler as string).startsWith(root)) && !handler.handler.includes('/node_modules/') && !handler.handler.startsWith(sources.runtimeDir))
        .map(handler => ({ route: handler.route!, method: handler.method ?? null, file: handler.handler }))
      // A name without an import is what the audit trusts only if every auto-import of that name
      // is: a guard from the module's runtime, a handler factory or a read from h3 (or Nitro). The
      // app's server/utils may export the same name, and then the app's wins.
      const imports = nitro.unimport ? await nitro.unimport.getImports() : []
      const expected = (entry: (typeof imports)[number]) => (entry.as ?? entry.name) === entry.name && (
        entry.from.startsWith(sources.runtimeDir)
        || (entry.from === 'h3' && !NITRO_NAMES.has(entry.name))
        || (entry.from.startsWith('nitropack/runtime') && NITRO_NAMES.has(entry.name)))
      const values = imports.filter(entry => !entry.type && !entry.disabled)
      const trusted = new Set(values.filter(expected).map(entry => entry.name))
      for (const entry of values) {
        if (!expected(entry)) {
          trusted.delete(entry.as ?? entry.name)
        }
      }
      readOptions = { autoImported: name => trusted.has(name) }
      await write()
    }
    nitro.hooks.hook('dev:reload', scan)
    return scan()
  })
}

/** A handler file's guards; a file that cannot be read guards nothing the audit could show. */
async function readHandlerFile(file: string, options: ReadOptions): Promise<HandlerReading> {
  for (const candidate of [file, ...['.ts', '.mjs', '.js', '/index.ts', '/index.mjs', '/index.js'].map(ending => file + ending)]) {
    const code = await readFile(candidate, 'utf8').catch(() => undefined)
    if (code !== undefined) {
      return readHandler(code, candidate, options)
    }
  }
  return { kind: 'http', guards: [{ kind: 'ineffective', call: 'handler', why: 'its file could not be read' }], sideEffects: [] }
}

/**
 * Every page the app itself routes to, with the requirements of its chain of parent pages. A page
 * whose source sets a guard in `definePageMeta` that Nuxt could not extract (a constant, an
 * expression) is marked unreadable: guarded at run time, but the build cannot say by what.
 */
async function flattenPages(routes: NuxtPage[], parents: Array<{ meta?: unknown }>, parentPath: string, rootDir: string): Promise<AuditPage[]> {
  const flat: AuditPage[] = []
  for (const route of routes) {
    // Pages that modules add from their own packages (test helpers and the like) are not the app's.
    if (route.file?.includes('/node_modules/')) {
      continue
    }
    const chain = [...parents, { meta: route.meta }]
    const path = route.path.startsWith('/') ? route.path : route.path === '' ? parentPath : `${parentPath}/${route.path}`
    // A parent with an index child is reached only through its children: they carry its guard.
    if (!route.children?.some(child => child.path === '')) {
      const meta = (route.meta ?? {}) as Record<string, unknown>
      const extracted = ['role', 'can', 'rbac'].some(key => meta[key] !== undefined)
      const unreadable = !extracted && route.file !== undefined && setsGuardInPageMeta(await readFile(route.file, 'utf8').catch(() => ''))
      flat.push({ path, file: route.file ? relative(rootDir, route.file) : '', requirements: collectPageRequirements(chain), ...(unreadable ? { unreadable } : {}) })
    }
    if (route.children?.length) {
      flat.push(...await flattenPages(route.children, chain, path, rootDir))
    }
  }
  return flat
}

/**
 * The CASL rules of a user holding some roles (their grants), and those of visitors when the file
 * grants guests, from the app's abilities file, if it has one.
 */
async function loadAbilityRules(sources: AuditSources): Promise<{ rulesFor: (grants: string[]) => RbacRawRule[], guestRules: RbacRawRule[] | undefined } | undefined> {
  if (!sources.abilitiesFile) {
    return undefined
  }
  const jiti = createJiti(sources.abilitiesFile, { alias: { '#rbac': sources.publicEntry } })
  const global = globalThis as { defineAbilities?: unknown }
  const before = global.defineAbilities
  // The file may use the auto-imported defineAbilities without importing it.
  global.defineAbilities = defineAbilities
  try {
    const definition = await jiti.import(sources.abilitiesFile, { default: true })
    if (!isAbilityDefinition(definition)) {
      return undefined
    }
    const cache = new AbilityRulesCache(definition)
    return {
      rulesFor: grants => [...cache.rulesFor(grants, 'audit-user')],
      guestRules: definition.guests ? [...cache.rulesFor([], undefined, true)] : undefined,
    }
  }
  finally {
    global.defineAbilities = before
  }
}

/** Says what the audit found; returns the error that stops a production build when `failOn` asks for it. */
function report(audit: RbacAudit, nuxt: Nuxt, failOn: AuditFailure[]): string | undefined {
  if (audit.problems.length === 0) {
    return undefined
  }
  const lines = audit.problems.map(problem => problem.kind === 'unmatched-rule'
    ? `  routeRules['${problem.pattern}'].rbac matches no page or server route: a typo?`
    : `  ${problem.kind === 'unguarded' ? 'unguarded' : 'side effect before the guard'}: ${problem.method ? `${problem.method.toUpperCase()} ` : ''}${problem.route} (${problem.file}): ${problem.detail}`)
  const detail = `Route-access audit (.nuxt/${AUDIT_FILE}, npx nuxt-auth-rbac audit):\n${lines.join('\n')}\nList public API routes in rbac.public to accept them.`
  const message = `${PREFIX} ${detail}`
  const failing = audit.problems.filter(problem => failOn.includes(problem.kind))
  logger.warn(detail)
  return failing.length > 0 && !nuxt.options.dev && !nuxt.options._prepare
    ? `${message}\nrbac.audit.failOn (${failOn.join(', ')}) stops the build.`
    : undefined
}
