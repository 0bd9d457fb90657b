import { parsePattern } from '../runtime/shared/route-pattern'
import type { RbacRouteRule } from '../runtime/shared/route-rules'
import { PREFIX } from './options'

type RouteRules = Record<string, object | undefined>

/**
 * Collects the `rbac` entries of `routeRules` and checks each against the role list, so a
 * misspelt role is a build error instead of a rule that silently denies (or allows) everyone.
 */
export function extractRouteRules(routeRules: RouteRules | undefined, roles: readonly string[]): RbacRouteRule[] {
  const known = new Set(roles)
  const extracted: RbacRouteRule[] = []
  for (const [pattern, rule] of Object.entries(routeRules ?? {})) {
    const rbac = (rule as { rbac?: unknown } | undefined)?.rbac as { role?: unknown, all?: unknown } | undefined
    if (rbac === undefined) {
      continue
    }
    const where = `routeRules['${pattern}'].rbac`
    if (typeof rbac !== 'object' || rbac === null) {
      throw new Error(`${PREFIX} ${where} must be an object such as { role: 'admin' }.`)
    }
    const required = typeof rbac.role === 'string' ? [rbac.role] : rbac.role
    if (!Array.isArray(required) || required.length === 0) {
      throw new Error(`${PREFIX} ${where}.role is missing. Name a role or a non-empty list of roles, e.g. { role: 'admin' }.`)
    }
    for (const role of required) {
      if (typeof role !== 'string' || !known.has(role)) {
        throw new Error(`${PREFIX} ${where}.role names ${JSON.stringify(role)}, which is not in rbac.roles (${roles.join(', ')}). Fix the spelling or add it to rbac.roles.`)
      }
    }
    if (rbac.all !== undefined && typeof rbac.all !== 'boolean') {
      throw new Error(`${PREFIX} ${where}.all must be true or false.`)
    }
    extracted.push({ pattern, segments: parsePattern(pattern), rbac: { role: [...required as string[]], all: rbac.all === true } })
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
