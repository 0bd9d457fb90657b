import type { FreshnessStamp } from '../freshness/staleness'
import { STAMP_KEY } from '../freshness/staleness'

type Data = Record<string, unknown>

/**
 * The token with these roles: `roles` all of them, `role` the first (the guide's single-role
 * shape), and, with freshness on, the stamp saying when and under which versions they were resolved.
 */
export function withTokenRoles(token: Data, roles: readonly string[], stamp?: FreshnessStamp): Data {
  const next: Data = { ...token, roles: [...roles] }
  if (roles.length > 0) {
    next.role = roles[0]
  }
  else {
    // No role is no role: never replaced by a default.
    delete next.role
  }
  if (stamp) {
    next[STAMP_KEY] = { ...stamp }
  }
  return next
}
