import { readFile } from 'node:fs/promises'
import { relative } from 'node:path'
import type { Component, Nuxt, NuxtPage } from '@nuxt/schema'
import { PREFIX } from '../runtime/shared/names'
import { ISLAND_PREFIX } from '../runtime/shared/routes/island-route'
import { matchesPattern, parsePattern } from '../runtime/shared/routes/route-pattern'
import type { RbacRouteRule } from '../runtime/shared/routes/route-rules'
import { setsGuardInPageMeta } from './page-meta-source'
import { logger } from './logger'

/**
 * A server component (island) renders on a request of its own, `/__nuxt_island/<Name>_<hash>.json`,
 * where no page meta applies: a guarded page's server component answers anyone who asks, unless a
 * rule covers `/__nuxt_island/<Name>`. The build refuses the guarded pages whose own source renders
 * a server component (or that are server pages themselves) with no such rule and the fix. Server
 * components used from other components are not traced: the audit lists every island route.
 */
export function refuseOpenIslands(nuxt: Nuxt, options: { rules: () => readonly RbacRouteRule[] | undefined, publicPatterns: readonly string[] }): void {
  const warned = new Set<string>()
  let problem: string | undefined
  // Said where the build awaits it, before bundling (Nuxt also regenerates the app from unawaited calls).
  const refuse = () => {
    if (problem && !nuxt.options.dev) {
      throw new Error(problem)
    }
  }
  nuxt.hook('vite:extendConfig', refuse)
  nuxt.hook('nitro:build:before', refuse)
  // Pages and components are both resolved by then.
  nuxt.hook('app:templatesGenerated', async (app) => {
    const islands = islandComponents(app.components).map(component => component.name)
    const pages = app.pages ?? []
    const covered = (name: string) => {
      const segments = [ISLAND_PREFIX.slice(1, -1), name.toLowerCase()]
      return [...(options.rules() ?? []).map(rule => rule.segments), ...options.publicPatterns.map(parsePattern)].some(pattern => matchesPattern(segments, pattern))
    }
    for (const { page, guarded } of flatten(pages, false)) {
      if (!page.file) {
        continue
      }
      const source = await readFile(page.file, 'utf8').catch(() => '')
      // A guard Nuxt could not extract (not written literally) still guards the page at run time.
      if (!guarded && !setsGuardInPageMeta(source)) {
        continue
      }
      const rendered = islands.filter(name => rendersComponent(source, name))
      if (page.mode === 'server' && page.name) {
        rendered.push(`page_${page.name}`)
      }
      const open = rendered.find(name => !covered(name))
      if (open) {
        const file = relative(nuxt.options.rootDir, page.file)
        const detail = `${file} is guarded but renders ${open.startsWith('page_') ? 'as a server page' : `the server component <${open}>`}, whose own request ${ISLAND_PREFIX}${open}_<hash>.json runs no page guard: anyone could fetch what it shows. Add routeRules: { '${ISLAND_PREFIX}${open}': { rbac: { …the page's requirement } } }, or list '${ISLAND_PREFIX}${open}' in rbac.public if it shows nothing private.`
        const message = `${PREFIX} ${detail}`
        // `nuxi dev` regenerates the app on every change: said once, the dev server stays up.
        if (nuxt.options.dev && !warned.has(message)) {
          warned.add(message)
          logger.error(detail)
        }
        problem = message
        return
      }
    }
    problem = undefined
  })
}

/** The components Nuxt serves as islands: `components/islands/`, and `.server` ones without a `.client` twin. */
export function islandComponents(components: readonly Component[]): Array<{ name: string, file: string }> {
  return components
    .filter(component => component.island || (component.mode === 'server' && !components.some(other => other.pascalName === component.pascalName && other.mode === 'client')))
    .map(component => ({ name: component.pascalName, file: component.filePath }))
}

function* flatten(pages: readonly NuxtPage[], parentGuarded: boolean): Generator<{ page: NuxtPage, guarded: boolean }> {
  for (const page of pages) {
    const meta = (page.meta ?? {}) as Record<string, unknown>
    const guarded = parentGuarded || ['role', 'can', 'rbac'].some(key => meta[key] !== undefined)
    yield { page, guarded }
    yield* flatten(page.children ?? [], guarded)
  }
}

/** Whether a template names the component: `<AdminRows`, `<admin-rows`, their `Lazy` forms, or `<NuxtIsland name="AdminRows"`. */
function rendersComponent(source: string, pascalName: string): boolean {
  const kebab = pascalName.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()
  const tags = [pascalName, `Lazy${pascalName}`, kebab, `lazy-${kebab}`]
  return tags.some(tag => new RegExp(`<${tag}[\\s/>]`).test(source)) || new RegExp(`name=["']${pascalName}["']`).test(source)
}
