import { existsSync, readdirSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import type { Nuxt } from '@nuxt/schema'

/** URL paths of the files in the app's (and its layers') `public/` folders, which Nitro serves before any middleware. */
export function listPublicFiles(nuxt: Nuxt): string[] {
  const dirs = new Set(nuxt.options._layers.map(layer => resolve(layer.config.rootDir, layer.config.dir?.public ?? 'public')))
  const files: string[] = []
  for (const dir of dirs) {
    if (!existsSync(dir)) {
      continue
    }
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) {
        files.push(`/${relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/')}`)
      }
    }
  }
  return files
}
