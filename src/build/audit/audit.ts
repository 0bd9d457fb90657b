import type { Requirement } from '../../runtime/shared/decision/requirement'
import { parsePattern, patternCovers, patternsOverlap } from '../../runtime/shared/routes/route-pattern'
import type { PatternSegment } from '../../runtime/shared/routes/route-pattern'
import type { RbacRawRule } from '../../runtime/shared/abilities/define-abilities'
import type { AuditPage, AuditProblem, AuditRoute, FoundGuard, RbacAudit, RoleCombination, RouteStatus } from '../../runtime/shared/audit/types'
import { SIGNED_OUT } from '../../runtime/shared/audit/matrix'

export type { AuditPage, AuditProblem, AuditRoute, RbacAudit, RoleCombination, RouteStatus }

export interface AuditInput {
  roles: string[]
  grants: Record<string, string[]>
  abilities: Record<string, RbacRawRule[]>
  pages: AuditPage[]
  handlers: Array<{
    route: string
    method: string | null
    file: string
    guards: FoundGuard[]
    /** `websocket` when the handler accepts websocket upgrades; `island` for a server component's request. */
    kind?: 'http' | 'websocket' | 'island'
    /** What the handler does before its first guard that counts, though it cannot answer. */
    sideEffects?: string[]
  }>
  rules: Array<{ pattern: string, rbac: Requirement }>
  /** `rbac.public`: API route patterns that are public on purpose. */
  publicPatterns: string[]
  /** nuxt-auth's base path (`/api/auth`): its handler is the sign-in itself. */
  authBasePath: string
  /** The CASL rules the abilities file gives visitors, when it grants guests (`defineAbilities(…, { guests: true })`). */
  guestRules?: RbacRawRule[]
  /** The CASL rules of a user holding these roles (a combination's grants); none without an abilities file. */
  rulesFor?: (grants: string[]) => RbacRawRule[]
  /** The credentials the app accepts at all: `session`, and `api-key` with `rbac.apiKeys`. */
  credentials?: Array<'session' | 'api-key'>
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

const REQUIRE_KINDS = new Set<FoundGuard['kind']>(['role', 'ability', 'record', 'requirement', 'policy', 'dynamic'])

function samePattern(a: readonly PatternSegment[], b: readonly PatternSegment[]): boolean {
  return a.length === b.length && a.every((segment, index) => segment === b[index])
}

export function buildAudit(input: AuditInput): RbacAudit {
  const rules = input.rules.map(rule => ({ ...rule, segments: parsePattern(rule.pattern) }))
  const publicSegments = input.publicPatterns.map(parsePattern)
  const authSegments = parsePattern(`${input.authBasePath.replace(/\/$/, '')}/**`)
  const problems: AuditProblem[] = []

  const api = input.handlers.map((handler): AuditRoute => {
    const segments = routeSegments(handler.route)
    // nuxt-auth's own catch-all: its endpoints are exempt from every rule at run time.
    const isAuthHandler = samePattern(segments, authSegments) && handler.guards.length === 0
    const covering = isAuthHandler ? [] : rules.filter(rule => patternCovers(rule.segments, segments))
    const partial = isAuthHandler ? [] : rules.filter(rule => !covering.includes(rule) && patternsOverlap(rule.segments, segments))
    const guarded = covering.length > 0 || handler.guards.some(guard => REQUIRE_KINDS.has(guard.kind))
    const status: RouteStatus = isAuthHandler
      ? 'auth'
      : guarded
        ? 'guarded'
        : publicSegments.some(pattern => patternCovers(pattern, segments))
          ? 'public'
          : 'unguarded'
    const websocket = handler.kind === 'websocket'
    const island = handler.kind === 'island'
    if (status === 'guarded' && covering.length === 0 && handler.sideEffects?.length) {
      const calls = handler.sideEffects
      problems.push({ kind: 'side-effect-before-guard', route: handler.route, method: handler.method, file: handler.file, calls, detail: `calls ${calls.join(', ')} before its guard: anyone, signed in or not, makes it run` })
    }
    if (status === 'unguarded') {
      const custom = handler.guards.filter(guard => guard.kind === 'custom').map(guard => (guard as { call: string }).call)
      const ineffective = handler.guards.flatMap(guard => guard.kind === 'ineffective' ? [`${guard.call} (${guard.why})`] : [])
      const filters = handler.guards.filter(guard => guard.kind === 'filter')
      const visitors = filters.some(guard => guard.refusesVisitors) ? input.guestRules ? 'visitors get what the guest rules let through' : 'visitors get 401' : 'visitors too'
      const detail = ineffective.length > 0
        ? `calls ${[...new Set(ineffective)].join(', ')}: a request can get past it`
        : custom.length > 0
          ? `checks with ${[...new Set(custom)].join(', ')} but never requires: make sure it throws`
          : filters.length > 0
            ? `filters with accessibleBy, which refuses no signed-in caller (each gets what their rules let through; ${visitors}): list it in rbac.public if every signed-in user may call it, or add a require… guard`
            : partial.length > 0
              ? `only some of its paths are under ${partial.map(rule => rule.pattern).join(', ')}`
              : island
                ? `a server component: its own request runs no page guard, whatever page renders it. Add routeRules['${handler.route}'] = { rbac: … }, or list it in rbac.public`
                : websocket
                  ? 'a websocket route: no route rule covers it and its upgrade hook does not await requireRbacUpgrade'
                  : 'no route rule covers it and the handler calls no require… guard'
      problems.push({ kind: 'unguarded', route: handler.route, method: handler.method, file: handler.file, detail })
    }
    return {
      route: handler.route,
      method: handler.method,
      file: handler.file,
      ...(websocket || island ? { kind: handler.kind as 'websocket' | 'island' } : {}),
      rules: covering.map(({ pattern, rbac }) => ({ pattern, rbac })),
      partialRules: partial.map(rule => rule.pattern),
      guards: handler.guards,
      status,
      ...(status === 'guarded' && input.credentials?.includes('api-key') ? { accepts: acceptedCredentials(input.credentials, covering, handler.guards) } : {}),
    }
  })

  const allRoutes = [...input.pages.map(page => routeSegments(page.path)), ...input.handlers.map(handler => routeSegments(handler.route))]
  for (const rule of rules) {
    if (!allRoutes.some(route => patternsOverlap(rule.segments, route))) {
      problems.push({ kind: 'unmatched-rule', pattern: rule.pattern })
    }
  }

  const combinations = roleCombinations(input, api).map((roles) => {
    const grants = input.roles.filter(role => roles.some(held => (input.grants[held] ?? [held]).includes(role)))
    return { name: roles.join('+'), roles, grants, abilities: input.rulesFor?.(grants) ?? [] }
  })
  return { version: 1, roles: input.roles, grants: input.grants, abilities: input.abilities, ...(input.guestRules ? { guestAbilities: input.guestRules } : {}), combinations, pages: input.pages, api, problems }
}

/**
 * Every set of two or more roles some requirement asks for together (`all: true`), in the order of
 * `roles`: a user holding exactly them passes where each of them alone is refused.
 */
function roleCombinations(input: AuditInput, api: AuditRoute[]): string[][] {
  type Asked = Pick<Requirement, 'role' | 'all'>
  const asked: Asked[] = [
    ...input.pages.flatMap((page): Asked[] => page.requirements),
    ...input.rules.map((rule): Asked => rule.rbac),
    ...api.flatMap(route => route.guards.flatMap((guard): Asked[] => guard.kind === 'role' ? [{ role: guard.roles, all: guard.all }] : guard.kind === 'requirement' ? [guard] : [])),
  ]
  const known = new Set(input.roles)
  const combinations = new Map<string, string[]>()
  for (const { role, all } of asked) {
    const named = typeof role === 'string' ? [role] : Array.isArray(role) ? role : []
    const roles = input.roles.filter(candidate => named.includes(candidate))
    const name = roles.join('+')
    if (all === true && roles.length > 1 && !known.has(name) && name !== SIGNED_OUT) {
      combinations.set(name, roles)
    }
  }
  return [...combinations.values()]
}

/**
 * What a guarded route accepts: every covering rule and every literal requireRbac must accept a
 * credential for it to get through. A guard whose `via` cannot be read (dynamic) is not counted:
 * the audit shows what the build can see.
 */
function acceptedCredentials(credentials: Array<'session' | 'api-key'>, rules: Array<{ rbac: Requirement }>, guards: FoundGuard[]): Array<'session' | 'api-key'> {
  const lists: Array<readonly string[]> = []
  for (const via of [...rules.map(rule => rule.rbac.via), ...guards.map(guard => guard.kind === 'requirement' ? guard.via : undefined)]) {
    if (via !== undefined) {
      lists.push(via)
    }
  }
  return credentials.filter(credential => lists.every(via => via.includes(credential)))
}
