import type { Nuxt } from '@nuxt/schema'
import { STORE_MOUNT } from '../runtime/shared/names'
import { logger } from './logger'

/** Where the default store keeps its markers, relative to the server's working directory, as Nitro's own `.data`. */
export const MARKERS_DIR = '.data/rbac'

// Presets that run as one long-lived node process beside a writable disk.
const DISK_PRESETS = new Set(['node-server', 'node', 'node-listener', 'nitro-dev', 'nitro-prerender'])

/**
 * With fresh roles on and no `rbac` mount configured, decides where the module's default store
 * keeps revocations: on disk (`.data/rbac`) where the preset has one, so that a restart does not
 * re-open revoked sessions; in memory elsewhere, said at build with what to mount. (A mount made
 * by a server plugin at start still replaces the default.) Set on Nitro's runtime config once the
 * preset is known; `NUXT_RBAC_FRESHNESS_PERSIST` overrides it at run time ('' keeps memory).
 */
export function registerDefaultStore(nuxt: Nuxt): void {
  nuxt.hook('nitro:init', (nitro) => {
    const rbac = (nitro.options.runtimeConfig as { rbac?: { freshness?: { persist?: string } } }).rbac
    if (!rbac?.freshness) {
      return
    }
    const mounted = Boolean(nitro.options.storage?.[STORE_MOUNT] || nitro.options.devStorage?.[STORE_MOUNT])
    const preset = nitro.options.preset
    const hasDisk = DISK_PRESETS.has(preset)
    rbac.freshness.persist = !mounted && hasDisk ? MARKERS_DIR : ''
    if (!mounted && !hasDisk) {
      logger.warn(`Fresh roles on the '${preset}' preset: with no nitro.storage.${STORE_MOUNT} mount, revocations are kept in each server instance's memory only, forgotten on restart and unknown to other instances. Mount nitro.storage.${STORE_MOUNT} on a shared store (Redis, Cloudflare KV, Vercel KV…) unless a server plugin mounts one at start.`)
    }
    if (preset === 'node-cluster' && !mounted) {
      logger.warn(`Fresh roles on the 'node-cluster' preset: each worker keeps its own revocations. Mount nitro.storage.${STORE_MOUNT} on a shared store such as Redis.`)
    }
  })
}
