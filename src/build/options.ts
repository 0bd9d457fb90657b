import { findHierarchyProblem } from '../runtime/shared/roles/hierarchy'
import { parseSessionPath } from '../runtime/shared/session/session-path'
import { sameOriginPath } from '../runtime/shared/redirect'
import { PREFIX } from '../runtime/shared/names'
import type { FreshnessOptions } from './roles-resolver'
import type { LocalOptions } from './local-source'
import type { ApiKeyOptions } from './api-clients'

export { PREFIX }

export interface ModuleOptions {
  /**
   * The closed list of roles. A role in a token or session that is not listed here is ignored:
   * deny by default.
   * @example ['admin', 'editor', 'viewer']
   */
  roles: string[]
  /**
   * Role hierarchy: each role lists the roles it also holds. Transitive; a cycle or an unknown
   * name is a build error.
   * @default {}
   * @example { admin: ['editor'], editor: ['viewer'] }
   */
  inherits: Record<string, string[]>
  /**
   * Dot path of the role in the session data. `roles` (all of the user's roles) and `uid` are
   * written beside it: `'role'` gives `session.role`, `session.roles`, `session.uid`;
   * `'user.role'` gives `session.user.role`, `session.user.roles`, `session.user.uid`.
   * @default 'role'
   */
  sessionRolePath: string
  /**
   * The file that default-exports `defineAbilities(…)`, imported by both the app and the server.
   * Without it, no abilities are defined: every `can()` denies and role checks still work.
   * @default '~~/shared/abilities'
   */
  abilities?: string
  /**
   * The server file whose exports are `definePolicy(…)`s: checks that need data (a membership, a
   * record's state), run by `requirePolicy(event, name, …args)`. Server only: it may import the database.
   * @default '~~/server/rbac-policies'
   */
  policies?: string
  /**
   * Where a denied page navigation goes. `signIn`: for signed-out users (a `callbackUrl` back to
   * the page is added); unset, nuxt-auth's sign-in. `forbidden`: for signed-in users without the
   * permission (a `from` query names the page); unset, a 403 error page.
   * @default {}
   * @example { signIn: '/login', forbidden: '/forbidden' }
   */
  redirect: { signIn?: string, forbidden?: string }
  /**
   * Fresh roles and revocation. On as soon as `server/rbac-roles.ts` default-exports
   * `defineRbacRoles(…)`: no decision then uses roles older than `maxAge`, and `revokeSessions` /
   * `refreshRoles` act on the next request of every server sharing the `rbac` storage mount.
   * @default { maxAge: 300, sessionMaxAge: 2592000, timeout: 2000 } (with a resolver)
   */
  freshness?: FreshnessOptions
  /**
   * API routes that are public on purpose (route patterns such as `/api/health` or `/api/blog/**`):
   * the route-access audit does not flag them as unguarded.
   * @default []
   */
  public?: string[]
  /**
   * The route-access audit (`.nuxt/rbac-audit.json`, `npx nuxt-auth-rbac audit`). `failOn` makes a
   * production build fail on these findings instead of warning.
   * @default { failOn: [] }
   * @example { failOn: ['unguarded', 'unmatched-rule'] }
   */
  audit?: { failOn?: Array<'unguarded' | 'unmatched-rule' | 'side-effect-before-guard'> }
  /**
   * For apps on nuxt-auth's `local` provider (with or without `refresh`): how the server verifies
   * the JWT your backend issues, and where its roles and user id are. Required with that provider,
   * refused with any other (next-auth's session cookie is read there).
   * @example { verify: { secret: '', algorithms: ['HS256'], issuer: 'api', audience: 'web' }, rolesClaim: 'roles' }
   */
  local?: LocalOptions
  /**
   * Authjs apps: also accept next-auth's session token as `Authorization: Bearer <token>`, as
   * next-auth's `getToken` does (mobile apps, scripts that hold a session). A request with the
   * header is decided by it alone; guarded responses then vary on `Authorization`.
   * @default false
   */
  bearer?: boolean
  /**
   * API keys for scripts and other services: `createApiKey(uid, { name, roles?, expiresIn? })`,
   * sent as `Authorization: Bearer <key>`, acting with at most the owner's current roles. Needs a
   * roles resolver (`server/rbac-roles.ts`). `true` for the defaults.
   * @default undefined (off)
   * @example { prefix: 'myapp' }
   */
  apiKeys?: ApiKeyOptions | boolean
  /**
   * The decision log for production. Every denial (and the share `allows` of grants) made by the
   * server guards is passed to the `rbac:decision` Nitro hook — who (uid, never a token), what
   * (path, method, requirement, rule), why (the unmet part), how (via, source), when. `log: true`
   * also writes each as one JSON line. Query strings are left out unless `query: true`.
   * @default { log: false, allows: 0, query: false }
   * @example { log: true, allows: 0.01 }
   */
  decisionLog?: { log?: boolean, allows?: number, query?: boolean }
}

const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype'])

/** Fails the build with a message that names the option and the fix. */
export function validateOptions(options: Partial<ModuleOptions>): asserts options is ModuleOptions {
  const { roles, inherits, sessionRolePath } = options
  if (!Array.isArray(roles) || roles.length === 0) {
    throw new Error(`${PREFIX} rbac.roles is empty. List your roles in nuxt.config, e.g. rbac: { roles: ['admin', 'editor', 'viewer'] }.`)
  }
  const seen = new Set<string>()
  for (const role of roles) {
    if (typeof role !== 'string' || role === '' || /\s/.test(role) || RESERVED_NAMES.has(role)) {
      throw new Error(`${PREFIX} rbac.roles contains ${JSON.stringify(role)}. Roles must be non-empty strings without spaces (and not __proto__, constructor or prototype).`)
    }
    if (seen.has(role)) {
      throw new Error(`${PREFIX} rbac.roles lists '${role}' twice. Remove the duplicate.`)
    }
    seen.add(role)
  }
  if (typeof inherits !== 'object' || inherits === null || Array.isArray(inherits)
    || Object.values(inherits).some(children => !Array.isArray(children))) {
    throw new Error(`${PREFIX} rbac.inherits must map a role to an array of roles, e.g. { admin: ['editor'] }.`)
  }
  const problem = findHierarchyProblem(roles, inherits)
  if (problem?.kind === 'unknown-role') {
    throw new Error(`${PREFIX} rbac.${problem.where} names '${problem.role}', which is not in rbac.roles (${roles.join(', ')}). Fix the spelling or add it to rbac.roles.`)
  }
  if (problem?.kind === 'cycle') {
    throw new Error(`${PREFIX} rbac.inherits has a cycle: ${problem.path.join(' → ')}. A role cannot inherit itself; remove one of these links.`)
  }
  for (const [key, path] of Object.entries(options.redirect ?? {})) {
    if (!['signIn', 'forbidden'].includes(key) || (path !== undefined && sameOriginPath(path, '') !== path)) {
      throw new Error(`${PREFIX} rbac.redirect.${key} must be a path on this site such as '/login' (keys: signIn, forbidden).`)
    }
  }
  for (const [key, value] of Object.entries(options.freshness ?? {})) {
    const isNumber = ['maxAge', 'sessionMaxAge', 'timeout'].includes(key)
    if (isNumber ? !(Number.isSafeInteger(value) && (value as number) > 0) : (key !== 'resolver' || typeof value !== 'string')) {
      throw new Error(`${PREFIX} rbac.freshness.${key} must be ${isNumber ? 'a positive whole number (seconds; timeout in milliseconds)' : 'one of maxAge, sessionMaxAge, timeout (numbers) or resolver (a path)'}, got ${JSON.stringify(value)}.`)
    }
  }
  const { maxAge, sessionMaxAge } = options.freshness ?? {}
  if (maxAge !== undefined && sessionMaxAge !== undefined && maxAge > sessionMaxAge) {
    throw new Error(`${PREFIX} rbac.freshness.maxAge (${maxAge} s) is longer than sessionMaxAge (${sessionMaxAge} s). Roles cannot outlive the session: lower maxAge.`)
  }
  if (options.public !== undefined && (!Array.isArray(options.public) || !options.public.every(pattern => typeof pattern === 'string' && pattern.startsWith('/')))) {
    throw new Error(`${PREFIX} rbac.public must list route patterns starting with '/', e.g. ['/api/health', '/api/blog/**'].`)
  }
  const decisionLog = options.decisionLog
  if (decisionLog !== undefined && (typeof decisionLog !== 'object' || decisionLog === null
    || Object.keys(decisionLog).some(key => !['log', 'allows', 'query'].includes(key))
    || (decisionLog.log !== undefined && typeof decisionLog.log !== 'boolean')
    || (decisionLog.query !== undefined && typeof decisionLog.query !== 'boolean')
    || (decisionLog.allows !== undefined && !(typeof decisionLog.allows === 'number' && decisionLog.allows >= 0 && decisionLog.allows <= 1)))) {
    throw new Error(`${PREFIX} rbac.decisionLog takes { log?: boolean, allows?: a share of grants from 0 to 1, query?: boolean }, got ${JSON.stringify(decisionLog)}.`)
  }
  const failOn = options.audit?.failOn
  if (failOn !== undefined && (!Array.isArray(failOn) || !failOn.every(kind => kind === 'unguarded' || kind === 'unmatched-rule' || kind === 'side-effect-before-guard'))) {
    throw new Error(`${PREFIX} rbac.audit.failOn lists what fails the build: 'unguarded', 'unmatched-rule' and/or 'side-effect-before-guard'.`)
  }
  if (!parseSessionPath(sessionRolePath as string)) {
    throw new Error(`${PREFIX} rbac.sessionRolePath ${JSON.stringify(sessionRolePath)} is not a dot path of plain property names (e.g. 'role' or 'user.role'), or ends in 'roles'/'uid', which sit beside the role.`)
  }
}
