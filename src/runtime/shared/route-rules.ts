import { canonicalPath } from './path'
import type { RoleRequirement } from './config'

/** A `routeRules` entry that carries `rbac`, as extracted at build time. */
export interface RbacRouteRule {
  /** The routeRules key as written, e.g. `/api/admin/**` (for messages). */
  pattern: string
  /** The key in canonical form (see canonicalPath), what paths are matched against. */
  canonicalPattern: string
  rbac: RoleRequirement
}

/** A routeRules key in the form paths are matched in: canonicalised like the path, so case is ignored. */
export function canonicalPattern(pattern: string): string {
  return canonicalPath(pattern) ?? pattern
}

/**
 * Whether a canonical path falls under a canonical routeRules pattern. `**` matches the rest
 * of the path including nothing (`/api/admin/**` covers `/api/admin`), `*` and `:name` match
 * one segment.
 */
export function matchesRoutePattern(path: string, pattern: string): boolean {
  const patternSegments = pattern.split('/').filter(Boolean)
  const pathSegments = path.split('/').filter(Boolean)
  for (let index = 0; index < patternSegments.length; index++) {
    const expected = patternSegments[index]!
    if (expected === '**') {
      return true
    }
    const actual = pathSegments[index]
    if (actual === undefined) {
      return false
    }
    if (expected !== '*' && !expected.startsWith(':') && expected !== actual) {
      return false
    }
  }
  return pathSegments.length === patternSegments.length
}

/**
 * Every rule whose pattern covers the path. All of them apply: a broader rule is not
 * overridden by a narrower one, so adding a rule can only ever tighten access.
 */
export function rulesForPath(path: string, rules: readonly RbacRouteRule[]): RbacRouteRule[] {
  return rules.filter(rule => matchesRoutePattern(path, rule.canonicalPattern))
}
