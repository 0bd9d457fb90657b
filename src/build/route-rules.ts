import { parsePattern } from '../runtime/shared/routes/route-pattern'
import { parseRequirement } from '../runtime/shared/decision/requirement'
import type { RbacRouteRule } from '../runtime/shared/routes/route-rules'
import { PREFIX } from './options'

type RouteRules = Record<string, object | undefined>

/**
 * Collects the `rbac` entries of `routeRules` and checks each (see parseRequirement), so a
 * misspelt role or a malformed ability is a build error instead of a rule that silently denies
 * (or allows) everyone.
 */
export function extractRouteRules(routeRules: RouteRules | undefined, roles: readonly string[]): RbacRouteRule[] {
  const known = new Set(roles)
  const extracted: RbacRouteRule[] = []
  for (const [pattern, rule] of Object.entries(routeRules ?? {})) {
    const rbac = (rule as { rbac?: unknown } | undefined)?.rbac
    if (rbac === undefined) {
      continue
    }
    const requirement = parseRequirement(rbac, known)
    if (typeof requirement === 'string') {
      throw new TypeError(`${PREFIX} routeRules['${pattern}'].rbac${requirement.startsWith('.') ? '' : ' '}${requirement}.`)
    }
    extracted.push({ pattern, segments: parsePattern(pattern), rbac: requirement })
  }
  return extracted
}

/**
 * The route rules without their `rbac` entries (a rule left empty goes). The module enforces
 * `rbac` itself; left in Nitro's table, a rule would make Nitro match and merge route rules for
 * every request of the app, and ship to the browser in the app manifest, for nothing.
 */
export function withoutRbacRules<T extends object>(routeRules: Record<string, T | undefined> | undefined): Record<string, T> {
  const kept: Record<string, T> = {}
  for (const [pattern, rule] of Object.entries(routeRules ?? {})) {
    if (!rule) {
      continue
    }
    const { rbac: _rbac, ...rest } = rule as T & { rbac?: unknown }
    if (Object.keys(rest).length > 0 || !('rbac' in rule)) {
      kept[pattern] = rest as T
    }
  }
  return kept
}
