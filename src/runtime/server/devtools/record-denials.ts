import { defineNitroPlugin } from 'nitropack/runtime'
import { recordDenial } from './denials'

/** Development only: every 401/403 a request ends with, and the reason the guard gave. */
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('error', (error, { event }) => {
    const { statusCode, data } = error as { statusCode?: number, data?: { reason?: unknown } }
    if (!event || (statusCode !== 401 && statusCode !== 403) || event.path.startsWith('/__rbac_devtools')) {
      return
    }
    const reason = typeof data?.reason === 'string' ? data.reason : statusCode === 401 ? 'no valid session' : 'forbidden'
    recordDenial({ where: 'server', status: statusCode, method: event.method, path: event.path, reason })
  })
})
