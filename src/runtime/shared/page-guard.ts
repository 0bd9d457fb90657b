import { isRecord } from './roles'

/** What `definePageMeta({ role, can })` asks for. */
export interface PageRequirement {
  role?: string | readonly string[]
  can?: readonly [action: string, subject: string, field?: string]
}

/**
 * The requirements of every matched route record, parent first. A child route cannot weaken
 * its parent's guard: all of them must pass (vue-router's merged `to.meta` would let the child's
 * `role` replace the parent's).
 */
export function collectPageRequirements(matched: ReadonlyArray<{ meta?: unknown }>): PageRequirement[] {
  const requirements: PageRequirement[] = []
  for (const record of matched) {
    const meta = record.meta
    if (!isRecord(meta)) {
      continue
    }
    const role = Object.hasOwn(meta, 'role') ? meta.role : undefined
    const can = Object.hasOwn(meta, 'can') ? meta.can : undefined
    if (role === undefined && can === undefined) {
      continue
    }
    requirements.push({ role: role as PageRequirement['role'], can: can as PageRequirement['can'] })
  }
  return requirements
}
