import type { Requirement } from './requirement'
import { isRecord } from '../is-record'

/**
 * The requirements of every matched route record, parent first: `definePageMeta({ rbac })` and
 * the short forms `role` and `can`, each a requirement of its own. A child route cannot weaken
 * its parent's guard: all of them must pass (vue-router's merged `to.meta` would let the child's
 * `role` replace the parent's).
 */
export function collectPageRequirements(matched: ReadonlyArray<{ meta?: unknown }>): Requirement[] {
  const requirements: Requirement[] = []
  for (const record of matched) {
    const meta = record.meta
    if (!isRecord(meta)) {
      continue
    }
    const own = (key: string) => (Object.hasOwn(meta, key) ? meta[key] : undefined)
    const rbac = own('rbac')
    if (rbac !== undefined) {
      // A malformed value (say `rbac: true`) asks for nothing, and nothing is never met.
      requirements.push(isRecord(rbac) ? rbac as Requirement : {})
    }
    const role = own('role')
    const can = own('can')
    if (role !== undefined) {
      requirements.push({ role: role as Requirement['role'] })
    }
    if (can !== undefined) {
      requirements.push({ can: (Array.isArray(can) ? can : []) as unknown as Requirement['can'] })
    }
  }
  return requirements
}
