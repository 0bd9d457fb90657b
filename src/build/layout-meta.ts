import { readFile } from 'node:fs/promises'
import { relative } from 'node:path'
import type { Nuxt } from '@nuxt/schema'
import { PREFIX } from '../runtime/shared/names'

/**
 * Whether a layout's source asks for a guard through `definePageMeta` (`role`, `can` or `rbac`).
 * Nuxt reads page meta from pages only: in a layout it guards nothing.
 */
export function asksForGuardInLayout(source: string): boolean {
  // Only script counts: a template may well show `definePageMeta({ role })` as text.
  const script = source.includes('<script') ? [...source.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map(match => match[1]).join('\n') : source
  for (const match of script.matchAll(/definePageMeta\s*\(/g)) {
    const call = script.slice(match.index, match.index + 400)
    if (/[{,\s](?:role|can|rbac)\s*:/.test(call)) {
      return true
    }
  }
  return false
}

/** Warns at build about every layout that puts a guard in `definePageMeta`, with the fix. */
export function warnAboutLayoutGuards(nuxt: Nuxt): void {
  nuxt.hook('app:resolve', async (app) => {
    for (const layout of Object.values(app.layouts)) {
      const source = await readFile(layout.file, 'utf8').catch(() => '')
      if (asksForGuardInLayout(source)) {
        console.warn(`${PREFIX} ${relative(nuxt.options.rootDir, layout.file)} sets a guard in definePageMeta, which Nuxt ignores in layouts: the pages using this layout are NOT guarded by it. Put it in each page, or in a parent page (pages/admin.vue with <NuxtPage />) whose child pages inherit it.`)
      }
    }
  })
}
