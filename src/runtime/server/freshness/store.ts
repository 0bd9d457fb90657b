import type { Driver, Storage } from 'unstorage'
import { PREFIX, STORE_MOUNT } from '../../shared/names'
import { withDeadline } from '../../shared/freshness/deadline'
import { useStorage } from 'nitropack/runtime'
import rbacMemoryStore from './memory-store'
import rbacFileStore from './file-store'
import { useRbacServerConfig } from '../config'
import { pushChannelFor } from './redis-channel'
import type { PushChannel } from './redis-channel'
import { RbacDependencyError } from '../faults'

// Set up with the mount, once: the mount's prefixed view (Nitro builds a new one per useStorage call),
// and the module's own driver when it is the default (in this process: read without a round of promises).
let prefixed: Storage | undefined
let inProcess: Driver | undefined
// The mount's change channel, when its driver has one (Redis); set up with the mount, once.
let channel: PushChannel | undefined

/**
 * The `rbac` mount. When the app configured none (`nitro.storage.rbac`, or a plugin that mounts
 * one at start), the module's own is mounted on first use: markers kept in `.data/rbac` on a
 * server with a disk (`freshness.persist`), in memory otherwise. By then every plugin has run, so
 * an app that mounts Redis from a plugin never gets the default or its warning. A default that
 * cannot be mounted (a damaged markers file) is a store fault: 503, and tried again next request.
 */
function rbacStorage(): Storage {
  if (!prefixed) {
    const storage = useStorage()
    const mounted = storage.getMount(`${STORE_MOUNT}:probe`)
    if (mounted.base !== `${STORE_MOUNT}:`) {
      inProcess = defaultStore()
      storage.mount(STORE_MOUNT, inProcess)
    }
    else {
      channel = pushChannelFor(mounted.driver)
    }
    prefixed = useStorage(STORE_MOUNT)
  }
  return prefixed
}

function defaultStore(): Driver {
  const { freshness } = useRbacServerConfig()
  const dir = freshness?.persist
  if (dir) {
    try {
      return rbacFileStore({ dir })
    }
    catch (error) {
      throw new RbacDependencyError('store', `could not read its markers from ${dir}`, { cause: error })
    }
  }
  // Without fresh roles the mount holds only caches (introspection answers): nothing to lose.
  if (process.env.NODE_ENV === 'production' && freshness) {
    console.warn(`${PREFIX} Fresh roles keep their state in this process's memory: a restart forgets every revocation (revokeSessions, users found gone), and other server processes never see them. For production, mount nitro.storage.${STORE_MOUNT} on a persistent, shared store such as Redis.`)
  }
  return rbacMemoryStore()
}

/** The mount, or a store fault (503) when the default one cannot be mounted. No timer: nothing to wait for. */
function mountedStorage(): Storage {
  try {
    return rbacStorage()
  }
  catch (error) {
    throw error instanceof RbacDependencyError ? error : new RbacDependencyError('store', 'could not be mounted', { cause: error })
  }
}

async function guarded<T>(what: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  try {
    return await withDeadline(work(), timeoutMs, () => new RbacDependencyError('store', `did not answer a ${what} within ${timeoutMs} ms`))
  }
  catch (error) {
    throw error instanceof RbacDependencyError ? error : new RbacDependencyError('store', `failed a ${what}`, { cause: error })
  }
}

/**
 * Reads several keys in one call (one round trip with drivers that batch, such as Redis' MGET).
 * With a trusted change channel, what this server read before and nobody changed since is
 * answered without a call, if it is younger than `maxAgeSeconds`.
 */
export async function readKeys(keys: readonly string[], timeoutMs: number, maxAgeSeconds: number): Promise<unknown[]> {
  const storage = mountedStorage()
  if (inProcess) {
    return keys.map(key => parsed(inProcess!.getItem(key, {})))
  }
  const copies = channel?.trusted() ? channel.copies : undefined
  const kept = copies?.lookup(keys, maxAgeSeconds * 1000)
  if (kept) {
    return kept
  }
  const ticket = copies?.ticket()
  const items = await guarded('read', timeoutMs, () => storage.getItems([...keys]))
  const byKey = new Map(items.map(item => [item.key, item.value]))
  const values = keys.map(key => byKey.get(key) ?? null)
  if (copies && ticket !== undefined) {
    copies.keep(ticket, keys, values)
  }
  return values
}

/** A value as unstorage wrote it to the driver (JSON text), read back as unstorage would. */
function parsed(value: unknown): unknown {
  if (typeof value !== 'string') {
    return value ?? null
  }
  try {
    return JSON.parse(value) as unknown
  }
  catch {
    return value
  }
}

/** Writes a key, and tells every server sharing the store that it changed. */
export async function writeKey(key: string, value: Record<string, unknown>, ttlSeconds: number, timeoutMs: number): Promise<void> {
  const storage = mountedStorage()
  channel?.copies.changed(key)
  await guarded('write', timeoutMs, () => storage.setItem(key, value, { ttl: ttlSeconds }))
  // A write nobody heard of would leave other servers on their copies until maxAge: fail loudly instead.
  if (channel) {
    await guarded('change announcement', timeoutMs, () => channel!.announce(key))
  }
}
