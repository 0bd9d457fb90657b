import { defineNitroPlugin, useStorage } from 'nitropack/runtime'
import { PREFIX, STORE_MOUNT } from '../../shared/names'
import rbacMemoryStore from '../lib/memory-store'

/**
 * Gives the `rbac` storage mount the module's bounded memory store when the app configured none
 * (`nitro.storage.rbac`): one process needs nothing set up. Mounted at start rather than through
 * the build's storage config, whose drivers Nitro also loads into the build process.
 */
export default defineNitroPlugin(() => {
  const storage = useStorage()
  if (storage.getMount(`${STORE_MOUNT}:probe`).base !== `${STORE_MOUNT}:`) {
    storage.mount(STORE_MOUNT, rbacMemoryStore())
    if (process.env.NODE_ENV === 'production') {
      console.warn(`${PREFIX} Fresh roles keep their state in this process's memory: a restart forgets every revocation (revokeSessions, users found gone), and other server processes never see them. For production, mount nitro.storage.${STORE_MOUNT} on a persistent, shared store such as Redis.`)
    }
  }
})
