// definePolicy first: the app's file calls it as it loads.
import { isPolicy } from './define-policy'
import type { Policy } from './define-policy'
import * as exported from '#rbac-policies'
import { PREFIX } from '../../shared/names'

/**
 * The policies the app's `server/rbac-policies.ts` exports, by name. Built once at start; a name
 * defined twice would make one of them unreachable, so it stops the server instead.
 */
function collect(exports: Record<string, unknown>): ReadonlyMap<string, Policy<string, unknown[]>> {
  const byName = new Map<string, Policy<string, unknown[]>>()
  const exportOf = new Map<string, string>()
  for (const [exportName, value] of Object.entries(exports)) {
    if (!isPolicy(value)) {
      continue
    }
    if (byName.has(value.name) && byName.get(value.name) !== value) {
      throw new Error(`${PREFIX} two policies are named '${value.name}' in server/rbac-policies (exports '${exportOf.get(value.name)}' and '${exportName}'): rename one.`)
    }
    byName.set(value.name, value)
    exportOf.set(value.name, exportName)
  }
  return byName
}

// Collected on first use: the app's file imports the server utils, which import this one.
let policies: ReadonlyMap<string, Policy<string, unknown[]>> | undefined
const registered = () => policies ??= collect(exported as Record<string, unknown>)

/** The policy of that name; an unknown name is a programming error (the types catch it) and never allows. */
export function policyNamed(name: string): Policy<string, unknown[]> {
  const policy = typeof name === 'string' ? registered().get(name) : undefined
  if (!policy) {
    throw new Error(`${PREFIX} there is no policy named ${JSON.stringify(name)}. Export it from server/rbac-policies.ts: export const … = definePolicy(${JSON.stringify(name)}, async ({ caller }, …) => …)`)
  }
  return policy
}

/** Every policy name, for the DevTools tab and the audit. */
export function policyNames(): string[] {
  return [...registered().keys()]
}
