import { relative } from 'node:path'
import { policyInRequirement } from '../../runtime/shared/decision/requirement'
import { isRecord } from '../../runtime/shared/is-record'
import { PREFIX } from '../../runtime/shared/names'

interface PageRoute {
  file?: string
  meta?: unknown
  children?: PageRoute[]
}

/**
 * The build errors of pages whose `definePageMeta({ rbac })` names a policy, as Nuxt extracted it:
 * at run time such a requirement asks for nothing the page guard knows, and refuses everyone.
 */
export function pagesNamingPolicies(routes: readonly PageRoute[], rootDir: string): string[] {
  const errors: string[] = []
  for (const route of routes) {
    const rbac = isRecord(route.meta) && Object.hasOwn(route.meta, 'rbac') ? route.meta.rbac : undefined
    if (isRecord(rbac) && Object.hasOwn(rbac, 'policy')) {
      const file = route.file ? relative(rootDir, route.file) : 'a page'
      errors.push(`${PREFIX} ${file}: definePageMeta({ rbac }) ${policyInRequirement(rbac.policy, 'page')}.`)
    }
    errors.push(...pagesNamingPolicies(route.children ?? [], rootDir))
  }
  return errors
}
