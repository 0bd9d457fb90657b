import type { Requirement } from '../../runtime/shared/decision/requirement'
import { parsePattern, patternCovers, patternsOverlap } from '../../runtime/shared/routes/route-pattern'
import type { PatternSegment } from '../../runtime/shared/routes/route-pattern'
import type { RbacRawRule } from '../../runtime/shared/abilities/define-abilities'
import type { FoundGuard } from './guards'

/** `.nuxt/rbac-audit.json`: who can reach what, as far as the build can see. */
export interface RbacAudit {
  version: 1
  roles: string[]
  /** Role → every role it grants, itself included. */
  grants: Record<string, string[]>
  /** Role → the CASL rules the abilities file gives it (type-level: conditions kept, not evaluated). */
  abilities: Record<string, RbacRawRule[]>
  pages: AuditPage[]
  api: AuditRoute[]
  problems: AuditProblem[]
}

export interface AuditPage {
  path: string
  file: string
  /** Every requirement from the page and its parent pages (all must hold). */
  requirements: Requirement[]
}

export type RouteStatus = 'guarded' | 'public' | 'auth' | 'unguarded'

export interface AuditRoute {
  route: string
  /** `get`, `post`…; null for every method. */
  method: string | null
  file: string
  /** routeRules that cover every request to this route. */
  rules: Array<{ pattern: string, rbac: Requirement }>
  /** routeRules that cover some of its paths only (`/api/admin/stats` over `/api/admin/:page`). */
  partialRules: string[]
  guards: FoundGuard[]
  status: RouteStatus
}

export type AuditProblem
  = | { kind: 'unguarded', route: string, method: string | null, file: string, detail: string }
    | { kind: 'unmatched-rule', pattern: string }

export interface AuditInput {
  roles: string[]
  grants: Record<string, string[]>
  abilities: Record<string, RbacRawRule[]>
  pages: AuditPage[]
  handlers: Array<{ route: string, method: string | null, file: string, guards: FoundGuard[] }>
  rules: Array<{ pattern: string, rbac: Requirement }>
  /** `rbac.public`: API route patterns that are public on purpose. */
  publicPatterns: string[]
  /** nuxt-auth's base path (`/api/auth`): its handler is the sign-in itself. */
  authBasePath: string
}

/**
 * Nitro routes (`/api/users/:id`, `/api/**:slug`) and vue-router paths (`/posts/:id()`,
 * `/:slug(.*)*`) as route-rule pattern segments.
 */
export function routeSegments(path: string): PatternSegment[] {
  const normalised = path
    .replace(/:[\w$]+\(\.\*\)\*/g, '**')
    .replace(/:([\w$]+)\([^)]*\)[?*+]?/g, ':$1')
  return parsePattern(normalised)
}

const REQUIRE_KINDS = new Set<FoundGuard['kind']>(['role', 'ability', 'record', 'requirement', 'dynamic'])

export function buildAudit(input: AuditInput): RbacAudit {
  const rules = input.rules.map(rule => ({ ...rule, segments: parsePattern(rule.pattern) }))
  const publicSegments = input.publicPatterns.map(parsePattern)
  const authSegments = parsePattern(`${input.authBasePath.replace(/\/$/, '')}/**`)
  const problems: AuditProblem[] = []

  const api = input.handlers.map((handler): AuditRoute => {
    const segments = routeSegments(handler.route)
    const covering = rules.filter(rule => patternCovers(rule.segments, segments))
    const partial = rules.filter(rule => !covering.includes(rule) && patternsOverlap(rule.segments, segments))
    const guarded = covering.length > 0 || handler.guards.some(guard => REQUIRE_KINDS.has(guard.kind))
    const status: RouteStatus = guarded
      ? 'guarded'
      : publicSegments.some(pattern => patternCovers(pattern, segments))
        ? 'public'
        : patternCovers(authSegments, segments) && handler.guards.length === 0
          ? 'auth'
          : 'unguarded'
    if (status === 'unguarded') {
      const custom = handler.guards.filter(guard => guard.kind === 'custom').map(guard => (guard as { call: string }).call)
      const detail = custom.length > 0
        ? `checks with ${[...new Set(custom)].join(', ')} but never requires: make sure it throws`
        : partial.length > 0
          ? `only some of its paths are under ${partial.map(rule => rule.pattern).join(', ')}`
          : 'no route rule covers it and the handler calls no require… guard'
      problems.push({ kind: 'unguarded', route: handler.route, method: handler.method, file: handler.file, detail })
    }
    return {
      route: handler.route,
      method: handler.method,
      file: handler.file,
      rules: covering.map(({ pattern, rbac }) => ({ pattern, rbac })),
      partialRules: partial.map(rule => rule.pattern),
      guards: handler.guards,
      status,
    }
  })

  const allRoutes = [...input.pages.map(page => routeSegments(page.path)), ...input.handlers.map(handler => routeSegments(handler.route))]
  for (const rule of rules) {
    if (!allRoutes.some(route => patternsOverlap(rule.segments, route))) {
      problems.push({ kind: 'unmatched-rule', pattern: rule.pattern })
    }
  }

  return { version: 1, roles: input.roles, grants: input.grants, abilities: input.abilities, pages: input.pages, api, problems }
}
