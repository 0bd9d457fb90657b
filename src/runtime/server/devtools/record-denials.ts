import { defineNitroPlugin } from 'nitropack/runtime'
import type { H3Event } from 'h3'
import { reportedDenial } from './denials'
import { isOwnHost } from './host'
import { recordFor } from './viewer'

/** Where the page guard finds the recorder while rendering on the server (src/runtime/app/middleware/rbac.ts). */
const SSR_REPORTER = 'rbacDevtoolsReport'

/**
 * Development only: every 401/403 a request ends with (and a guard's 404), the reason the guard gave
 * and the policy that refused, if one did, filed under the caller (./viewer). A request that does
 * not name this dev server as its host is not recorded.
 */
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('error', (error, { event }) => {
    const { statusCode, data } = error as { statusCode?: number, data?: { reason?: unknown } }
    // A 404 is a refusal only when a guard gave it a reason (`notFound`, a policy's deny): not every missing page.
    const refused = statusCode === 401 || statusCode === 403 || (statusCode === 404 && typeof data?.reason === 'string')
    if (!event || !refused || event.path.startsWith('/__rbac_devtools') || !isOwnHost(event)) {
      return
    }
    const reason = typeof data?.reason === 'string' ? data.reason : statusCode === 401 ? 'no valid session' : 'forbidden'
    // Set by requirePolicy as it refuses (runtime/server/utils/policies.ts).
    const policy: unknown = event.context.rbacPolicyRefusal
    // Synchronous up to the browser id: the error response is sent right after this hook is called.
    return recordFor(event, { where: 'server', status: statusCode, method: event.method, path: event.path, reason, ...(typeof policy === 'string' ? { policy } : {}) })
  })
  // A page denied during server rendering is recorded here directly, for the request being
  // rendered: an HTTP call from the server to itself would carry neither the browser's cookies
  // nor its origin.
  nitroApp.hooks.hook('request', (event) => {
    event.context[SSR_REPORTER] = (body: unknown) => reportDenialOf(event, body)
  })
})

function reportDenialOf(event: H3Event, body: unknown): void {
  const denial = reportedDenial(body)
  if (denial && isOwnHost(event)) {
    void recordFor(event, denial)
  }
}
