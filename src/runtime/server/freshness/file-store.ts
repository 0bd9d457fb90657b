import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Driver, StorageValue } from 'unstorage'
import rbacMemoryStore, { isCacheKey } from './memory-store'

/**
 * The `rbac` mount's default on a server with a disk (Nitro's node presets): the memory store, with
 * every marker (revocations, role changes) also written to `<dir>/markers.json` before the write
 * returns and read back at start, so that a restart or a deploy does not re-open revoked sessions.
 * Cached roles and introspection answers stay in memory: losing one costs one call to ask again.
 *
 * One file per directory, merged on each write (read, set the key, drop what has lapsed, write to
 * a temporary file and rename it over the old one): processes sharing the directory do not erase
 * each other's markers, though each sees the others' only after a restart — several servers need a
 * shared store such as Redis.
 */
export interface FileStoreOptions {
  /** Where the markers file lives. */
  dir: string
}

interface Persisted {
  value: StorageValue
  /** Epoch milliseconds; markers are always written with a TTL. */
  expiresAt: number
}

type Markers = Map<string, Persisted>

export default function rbacFileStore(options: FileStoreOptions): Driver {
  const memory = rbacMemoryStore()
  const file = join(options.dir, 'markers.json')
  const now = Date.now()
  for (const [key, entry] of readMarkers(file)) {
    if (entry.expiresAt > now) {
      memory.setItem!(key, entry.value as string, { ttl: (entry.expiresAt - now) / 1000 })
    }
  }
  // Writes of this process, one after the other: each reads the file the previous one wrote.
  let writes: Promise<void> = Promise.resolve()
  const persist = (key: string, entry: Persisted | undefined): Promise<void> => {
    writes = writes.catch(() => {}).then(() => {
      const markers = readMarkers(file)
      if (entry) {
        markers.set(key, entry)
      }
      else {
        markers.delete(key)
      }
      const current = Date.now()
      for (const [name, kept] of markers) {
        if (kept.expiresAt <= current) {
          markers.delete(name)
        }
      }
      mkdirSync(options.dir, { recursive: true })
      const temporary = `${file}.${process.pid}.tmp`
      writeFileSync(temporary, JSON.stringify(Object.fromEntries(markers)))
      renameSync(temporary, file)
    })
    return writes
  }
  const isMarker = (key: string) => !isCacheKey(key)
  const write = async (key: string, value: StorageValue, ttl: unknown) => {
    memory.setItem!(key, value as string, { ttl })
    if (isMarker(key) && typeof ttl === 'number' && ttl > 0) {
      await persist(key, { value, expiresAt: Date.now() + ttl * 1000 })
    }
  }
  return {
    ...memory,
    name: 'rbac-file',
    options,
    setItem: (key, value, itemOptions) => write(key, value, itemOptions?.ttl),
    setItemRaw: (key, value, itemOptions) => write(key, value, itemOptions?.ttl),
    async removeItem(key) {
      memory.removeItem!(key, {})
      if (isMarker(key)) {
        await persist(key, undefined)
      }
    },
  }
}

/** The markers file as written, or nothing when there is none yet; a damaged file is a fault, not a fresh start. */
function readMarkers(file: string): Markers {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  }
  catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') {
      return new Map()
    }
    throw error
  }
  const parsed = JSON.parse(text) as unknown
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${file} is not a markers file`)
  }
  const markers: Markers = new Map()
  for (const [key, entry] of Object.entries(parsed as Record<string, unknown>)) {
    const { value, expiresAt } = (entry ?? {}) as Partial<Persisted>
    if (typeof expiresAt === 'number' && value !== undefined) {
      markers.set(key, { value, expiresAt })
    }
  }
  return markers
}
