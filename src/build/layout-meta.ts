import { readFile } from 'node:fs/promises'
import { relative } from 'node:path'
import type { Nuxt } from '@nuxt/schema'
import { logger } from './logger'
import { setsGuardInPageMeta } from './page-meta-source'

/** Warns at build about every layout that puts a guard in `definePageMeta`, with the fix. */
export function warnAboutLayoutGuards(nuxt: Nuxt): void {
  nuxt.hook('app:resolve', async (app) => {
    for (const layout of Object.values(app.layouts)) {
      const source = await readFile(layout.file, 'utf8').catch(() => '')
      if (setsGuardInPageMeta(source)) {
        logger.warn(`${relative(nuxt.options.rootDir, layout.file)} sets a guard in definePageMeta, which Nuxt ignores in layouts: the pages using this layout are NOT guarded by it. Put it in each page, or in a parent page (pages/admin.vue with <NuxtPage />) whose child pages inherit it.`)
      }
    }
  })
}
