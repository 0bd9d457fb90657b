import type { H3Event } from 'h3'
import { buildAbility, checkAbility, pickFieldsFor } from '../../shared/abilities/ability'
import { accessQuery } from '../../shared/query'
import type { AccessQuery } from '../../shared/query'
import { guestRules, rulesOf } from '../ability'
import { refusal, unauthorized } from '../http/errors'
import { reportDecision, reportingFaults } from '../decision-log'
import type { RbacContext } from '../identity/caller'
import type { AbilityAction, AbilitySubject, AbilitySubjectType } from '../../shared/types'
import { getRbac, hasRbac, requireRbac } from './rbac'
import type { RefusalOptions } from './rbac'

export type { AccessQuery } from '../../shared/query'

// Where h3 keeps the body it parsed for a request (a registered symbol, stable across copies of h3).
const PARSED_BODY = Symbol.for('h3ParsedBody')

/**
 * Throws 401 without a valid session and 403 (404 with `{ notFound: true }`) unless the caller's
 * ability allows `action` on `subject` (and `field`). Check a stored record, never the request body: wrap it with CASL's
 * `subject('Post', record)` so its type cannot come from the client. A missing subject is denied.
 * @example
 * await requireAbility(event, 'update', 'Post')               // may update some post at all?
 * const post = await findPost(id)
 * if (!post) throw createError({ statusCode: 404 })
 * await requireAbility(event, 'update', subject('Post', post)) // this one?
 * @example
 * // Strangers cannot tell a post they may not read from one that does not exist: both are 404.
 * const post = await findPost(id)
 * await requireAbility(event, 'read', post && subject('Post', post), { notFound: true })
 */
export async function requireAbility(event: H3Event, action: AbilityAction, subject: AbilitySubject | null | undefined, options: AbilityCheckOptions & { guests: true }): Promise<RbacContext | null>
export async function requireAbility(event: H3Event, action: AbilityAction, subject: AbilitySubject | null | undefined, fieldOrOptions?: string | AbilityCheckOptions): Promise<RbacContext>
export async function requireAbility(event: H3Event, action: AbilityAction, subject: AbilitySubject | null | undefined, fieldOrOptions?: string | AbilityCheckOptions): Promise<RbacContext | null> {
  const { field, notFound, guests } = typeof fieldOrOptions === 'object' && fieldOrOptions !== null ? fieldOrOptions : { field: fieldOrOptions, notFound: false, guests: false }
  const check = [action, trusted(event, subject), field] as const
  if (guests === true && !await reportingFaults(event, getRbac(event), () => `can ${action}`)) {
    return visitorMay(event, check, notFound === true)
  }
  return await requireRbac(event, { can: check }, { notFound })
}

/** A visitor passes only on rules the definition grants guests; refused, 401 (404 with notFound). */
function visitorMay(event: H3Event, check: readonly [string, unknown, string?], notFound: boolean): null {
  const rules = guestRules()
  const requirement = `can ${check[0]} (visitor)`
  if (rules && checkAbility(buildAbility(rules), check[0], check[1], check[2])) {
    reportDecision(event, 'allow', () => ({ status: 200, guard: 'util', requirement }))
    return null
  }
  reportDecision(event, 'deny', () => ({ status: notFound ? 404 : 401, guard: 'util', requirement, unmet: 'session' }))
  throw notFound ? refusal(404, 'not for visitors') : unauthorized('no valid session')
}

export interface AbilityCheckOptions extends RefusalOptions {
  /** The field the action is on (`update` the `title` of a post). */
  field?: string
  /**
   * Let a visitor without a valid session through when the rules the abilities file gives guests
   * allow it (`defineAbilities(…, { guests: true })`); the caller is then null. @default false
   */
  guests?: boolean
}

/**
 * Whether the caller may do it; false without a subject. A visitor without a session gets what the
 * abilities file grants guests (`{ guests: true }`), else false.
 */
export async function hasAbility(event: H3Event, action: AbilityAction, subject: AbilitySubject | null | undefined, field?: string): Promise<boolean> {
  const rbac = await getRbac(event)
  if (!rbac) {
    const rules = guestRules()
    return rules !== null && checkAbility(buildAbility(rules), action, trusted(event, subject), field)
  }
  return await hasRbac(event, { can: [action, trusted(event, subject), field] })
}

/**
 * Which records of a subject type the caller may perform `action` on, as a query for the app's
 * database, from the same rules `requireAbility` checks: `.toSql()`, `.toPrisma()`, `.toMongo()`,
 * or `drizzleWhere(query, table)`. `.nothing` means no record (skip the query). Throws 401 without a
 * session (unless the abilities file grants guests), and an error naming the rule when a rule
 * cannot be translated exactly — never a wider query. Translations are cached per rule set.
 * @example
 * const readable = await accessibleBy(event, 'read', 'Post')
 * return readable.nothing ? [] : await db.select().from(posts).where(drizzleWhere(readable, posts))
 */
export async function accessibleBy(event: H3Event, action: AbilityAction, subjectType: AbilitySubjectType): Promise<AccessQuery> {
  const rbac = await reportingFaults(event, getRbac(event), () => `list ${action} ${subjectType}`)
  const rules = rbac ? rulesOf(rbac.effectiveRoles, rbac.uid) : guestRules()
  if (!rules) {
    reportDecision(event, 'deny', () => ({ status: 401, guard: 'util', requirement: `list ${action} ${subjectType}`, unmet: 'session' }))
    throw unauthorized('no valid session')
  }
  return accessQuery(rules, action, subjectType)
}

/**
 * The subject, or undefined (denied as missing) when it is the body h3 parsed for this request.
 * A body that is a bare string (`"Post"`, sent as text or JSON) would otherwise be checked as a
 * subject TYPE, which passes the type-level rule and skips every condition (`authorId: user.uid`)
 * a record would have to meet.
 */
function trusted<T>(event: H3Event, subject: T): T | undefined {
  const fromBody = typeof subject === 'string' && (event.node.req as unknown as Record<symbol, unknown>)[PARSED_BODY] === subject
  return fromBody ? undefined : subject
}

/**
 * Copies of the records with only the fields the caller may perform `action` on, for returning
 * from an API (CASL's permittedFieldsOf). Without a session, nothing is permitted.
 * @example return await pickPermittedFields(event, 'read', users, 'User')
 */
export async function pickPermittedFields<T extends object>(event: H3Event, action: AbilityAction, records: T, subjectType?: AbilitySubjectType): Promise<Partial<T>>
export async function pickPermittedFields<T extends object>(event: H3Event, action: AbilityAction, records: readonly T[], subjectType?: AbilitySubjectType): Promise<Array<Partial<T>>>
export async function pickPermittedFields<T extends object>(event: H3Event, action: AbilityAction, records: T | readonly T[], subjectType?: AbilitySubjectType): Promise<Partial<T> | Array<Partial<T>>> {
  const rbac = await getRbac(event)
  const pick = (record: T): Partial<T> => rbac ? pickFieldsFor(rbac.ability, action, record, subjectType) : {}
  return Array.isArray(records) ? records.map(pick) : pick(records as T)
}
