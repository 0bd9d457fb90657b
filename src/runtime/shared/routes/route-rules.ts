import type { Requirement } from '../decision/requirement'
import { decodingStages, isPlainPath, pathnameOf, pathReadings, routedPathname } from './path-readings'
import { matchesPattern, ONE, pathnameMatchesPattern, REST } from './route-pattern'
import type { PatternSegment } from './route-pattern'

/** A `routeRules` entry that carries `rbac`, as extracted and validated at build time. */
export interface RbacRouteRule {
  /** The routeRules key as written, e.g. `/api/admin/**` (for messages). */
  pattern: string
  /** The key compiled (see parsePattern). */
  segments: PatternSegment[]
  rbac: Requirement
}

/** What the route rules say about one request. */
export type RouteRuleVerdict
  = | { kind: 'free' }
    | { kind: 'ambiguous' }
    | { kind: 'guarded', rules: readonly RbacRouteRule[] }

const FREE: RouteRuleVerdict = Object.freeze({ kind: 'free' })
const AMBIGUOUS: RouteRuleVerdict = Object.freeze({ kind: 'ambiguous' })

/** Decides, once per request, which rules cover it. Built once per process from the config. */
export interface RouteRuleMatcher {
  /**
   * @param rawUrl the request target as received (`/api/%61dmin?x=1`)
   * @param routedPath the path h3 routes (`event.path`)
   */
  match: (rawUrl: string, routedPath: string) => RouteRuleVerdict
}

/**
 * Compiles the rules into a matcher. A path with one reading (no encoding, dot segments and the
 * like; or merely percent-encoded) is matched as the router routes it, after a first-segment
 * lookup that lets most unguarded requests go without splitting the path. Any other path that a
 * rule could cover under some reading (see pathReadings) is refused outright as ambiguous.
 * `exempt` patterns (nuxt-auth's own endpoints) lift the rules from unambiguous paths only.
 */
export function compileRouteRules(rules: readonly RbacRouteRule[], exempt: readonly PatternSegment[][] = []): RouteRuleMatcher {
  if (rules.length === 0) {
    return { match: () => FREE }
  }
  // Rules bucketed by their first literal segment; rules that start with a wildcard go everywhere.
  const anywhere = rules.filter(rule => rule.segments.length === 0 || rule.segments[0] === ONE || rule.segments[0] === REST)
  const byFirstSegment = new Map<string, RbacRouteRule[]>()
  for (const rule of rules) {
    const first = rule.segments[0]!
    if (!anywhere.includes(rule) && !byFirstSegment.has(first)) {
      // In configuration order, each rule once.
      byFirstSegment.set(first, rules.filter(candidate => candidate.segments[0] === first || anywhere.includes(candidate)))
    }
  }

  const firstLiterals = [...byFirstSegment.keys()]
  // Whether any reading of an encoded path could start where a rule does (cheap, no readings).
  const mightBeCovered = (pathname: string) => anywhere.length > 0
    || decodingStages(pathname).some(text => firstLiterals.some(literal => text.includes(literal)))

  // A path with one reading: only rules that start with its first segment can cover it.
  const matchPlain = (pathname: string): RouteRuleVerdict => {
    const lowered = pathname.toLowerCase()
    const end = lowered.indexOf('/', 1)
    const candidates = byFirstSegment.get(lowered.slice(1, end === -1 ? undefined : end)) ?? anywhere
    if (candidates.length === 0) {
      return FREE
    }
    const matched = candidates.filter(rule => pathnameMatchesPattern(lowered, rule.segments))
    return matched.length === 0 || exempt.some(pattern => pathnameMatchesPattern(lowered, pattern)) ? FREE : { kind: 'guarded', rules: matched }
  }

  return {
    match(rawUrl, routedPath) {
      const pathname = pathnameOf(rawUrl)
      if (isPlainPath(pathname)) {
        return matchPlain(pathname)
      }
      if (!mightBeCovered(pathname)) {
        return FREE
      }
      const routed = routedPathname(pathname)
      if (isPlainPath(routed)) {
        // Merely percent-encoded: the router's reading is the only one.
        return matchPlain(routed)
      }
      const readings = pathReadings([pathname, routed, pathnameOf(routedPath)])
      if (readings === undefined) {
        return AMBIGUOUS
      }
      return rules.some(rule => readings.some(segments => matchesPattern(segments, rule.segments))) ? AMBIGUOUS : FREE
    },
  }
}
