import type { RbacRawRule } from '../abilities/define-abilities'
import type { Requirement } from '../decision/requirement'

/** What the route-access audit records; written at build, read by the CLI and the DevTools tab. */

/**
 * What a server handler's source asks of its caller: the calls of the module's guards and what
 * they were given, where it was written literally.
 */
export type FoundGuard
  = | { kind: 'role', roles: string[], all: boolean }
    /** `guests`: `requireAbility(…, { guests: true })`, a visitor passes on the rules the abilities file grants guests. */
    | { kind: 'ability', action: string, subject: string, field?: string, guests?: true }
    /** An ability checked on a record: whether it passes depends on the record. */
    | { kind: 'record', action: string, guests?: true }
    /**
     * `requirePolicy(event, name, …)`: the policy decides, on the arguments it is given. `guests`
     * says whether it also decides for visitors (`definePolicy(…, { guests: true })`), absent when
     * the build could not read it from the policies file.
     */
    | { kind: 'policy', name: string, guests?: boolean }
    /** `requireRbac`, or `requireRbacUpgrade` in a websocket upgrade hook (then `call` says so). */
    | { kind: 'requirement', role?: string[], all?: boolean, can?: [string, string, string?], via?: string[], call?: 'requireRbacUpgrade' }
    /** A guard whose arguments are not literals: it guards, but what it asks cannot be read. */
    | { kind: 'dynamic', call: string }
    /** `hasRole`, `hasAbility`, `hasRbac`, `getRbac` or `allowsPolicy`: a check the handler acts on itself. */
    | { kind: 'custom', call: string }
    /**
     * `accessibleBy`: filters what the caller gets by their rules, and refuses no signed-in caller.
     * `refusesVisitors`: awaited before anything may answer, so a visitor gets 401 from it (unless
     * the abilities file grants guests).
     */
    | { kind: 'filter', call: 'accessibleBy', action?: string, subject?: string, refusesVisitors: boolean }
    /** A guard call that does not certainly stop a refused caller, and why: it guards nothing for sure. */
    | { kind: 'ineffective', call: string, why: string }

/** `.nuxt/rbac-audit.json`: who can reach what, as far as the build can see. */
export interface RbacAudit {
  version: 1
  roles: string[]
  /** Role → every role it grants, itself included. */
  grants: Record<string, string[]>
  /** Role → the CASL rules the abilities file gives it (type-level: conditions kept, not evaluated). */
  abilities: Record<string, RbacRawRule[]>
  /**
   * The CASL rules the abilities file gives visitors, when it grants guests
   * (`defineAbilities(…, { guests: true })`); absent when visitors get none.
   */
  guestAbilities?: RbacRawRule[]
  /**
   * Every set of roles a requirement asks for together (`{ role: ['editor', 'billing'], all: true }`),
   * as a user holding exactly those roles: the matrix has a column for each.
   */
  combinations?: RoleCombination[]
  pages: AuditPage[]
  api: AuditRoute[]
  problems: AuditProblem[]
}

export interface RoleCombination {
  /** The matrix column: the roles joined with `+`, in the order of `roles` (`editor+billing`). */
  name: string
  roles: string[]
  /** Every role the combination grants, its own included. */
  grants: string[]
  /** The CASL rules the abilities file gives a user with these roles. */
  abilities: RbacRawRule[]
}

export interface AuditPage {
  path: string
  file: string
  /** Every requirement from the page and its parent pages (all must hold). */
  requirements: Requirement[]
  /** The page sets a guard in definePageMeta that the build could not read (not written literally). */
  unreadable?: boolean
}

export type RouteStatus = 'guarded' | 'public' | 'auth' | 'unguarded'

export interface AuditRoute {
  route: string
  /** `get`, `post`…; null for every method. */
  method: string | null
  file: string
  /**
   * `websocket` for a handler that accepts websocket upgrades (`defineWebSocketHandler`); `island`
   * for a server component's own request (`/__nuxt_island/<Name>`, no page meta applies); absent for HTTP.
   */
  kind?: 'websocket' | 'island'
  /** routeRules that cover every request to this route. */
  rules: Array<{ pattern: string, rbac: Requirement }>
  /** routeRules that cover some of its paths only (`/api/admin/stats` over `/api/admin/:page`). */
  partialRules: string[]
  guards: FoundGuard[]
  status: RouteStatus
  /**
   * With `rbac.apiKeys`: the credentials a guarded route accepts (`session`, `api-key`), after every
   * rule's and literal guard's `via`. Absent without API keys (sessions only) and on unguarded routes.
   */
  accepts?: Array<'session' | 'api-key'>
}

export type AuditProblem
  = | { kind: 'unguarded', route: string, method: string | null, file: string, detail: string }
    | { kind: 'unmatched-rule', pattern: string }
    /** A route guarded by its handler's guard only, whose handler does something before it (a query, reading the body). */
    | { kind: 'side-effect-before-guard', route: string, method: string | null, file: string, calls: string[], detail: string }
