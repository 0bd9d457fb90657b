import type { Driver, StorageValue } from 'unstorage'

/**
 * The `rbac` storage mount's default driver: one process, nothing to set up. unstorage's own
 * memory driver keeps every key forever; this one honours the TTL each key is written with and
 * stays bounded. Revocations and role-change markers are kept until their TTL, whatever the load
 * (dropping one early would undo a revocation); cached roles (`roles:…`) are a cache, so past
 * `maxCachedRoles` the oldest are dropped and simply resolved again.
 */
export interface MemoryStoreOptions {
  /** @default 10000 */
  maxCachedRoles?: number
}

interface Entry {
  value: StorageValue
  expiresAt: number
}

// What may be dropped and asked again: cached roles, and the identity provider's answers about
// opaque tokens. Everything else (revocation and role-change markers) is kept until its TTL.
const CACHE_PREFIXES = ['roles:', 'introspect:']

/** Whether a key is a cache entry (bounded, never persisted), not a marker. */
export function isCacheKey(key: string): boolean {
  return CACHE_PREFIXES.some(prefix => key.startsWith(prefix))
}

export default function rbacMemoryStore(options: MemoryStoreOptions = {}): Driver {
  const maxCachedRoles = options.maxCachedRoles ?? 10_000
  const markers = new Map<string, Entry>()
  const cache = new Map<string, Entry>()
  const mapFor = (key: string) => isCacheKey(key) ? cache : markers

  const read = (key: string): StorageValue => {
    const map = mapFor(key)
    const entry = map.get(key)
    if (entry && entry.expiresAt <= Date.now()) {
      map.delete(key)
      return null
    }
    return entry?.value ?? null
  }
  const sweep = (map: Map<string, Entry>) => {
    const now = Date.now()
    for (const [key, entry] of map) {
      if (entry.expiresAt <= now) {
        map.delete(key)
      }
    }
  }
  let writesSinceSweep = 0
  const write = (key: string, value: StorageValue, ttlSeconds: unknown) => {
    const map = mapFor(key)
    const ttl = typeof ttlSeconds === 'number' && ttlSeconds > 0 ? ttlSeconds : Number.POSITIVE_INFINITY
    map.delete(key)
    map.set(key, { value, expiresAt: Date.now() + ttl * 1000 })
    // Expired markers are swept every so often, so their number follows the rate of revocations.
    if (++writesSinceSweep >= 1000) {
      writesSinceSweep = 0
      sweep(markers)
      sweep(cache)
    }
    while (cache.size > maxCachedRoles) {
      cache.delete(cache.keys().next().value!)
    }
  }

  return {
    name: 'rbac-memory',
    options,
    getInstance: () => ({ markers, cache }),
    hasItem: key => read(key) !== null,
    getItem: key => read(key),
    getItemRaw: key => read(key),
    setItem: (key, value, itemOptions) => write(key, value, itemOptions?.ttl),
    setItemRaw: (key, value, itemOptions) => write(key, value, itemOptions?.ttl),
    removeItem: (key) => {
      mapFor(key).delete(key)
    },
    getKeys: () => [...markers.keys(), ...cache.keys()].filter(key => read(key) !== null),
    clear: () => {
      markers.clear()
      cache.clear()
    },
  }
}
