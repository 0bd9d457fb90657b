import type { H3Event } from 'h3'
import { pickFieldsFor } from '../../shared/abilities/ability'
import type { RbacContext } from '../identity/caller'
import type { AbilityAction, AbilitySubject, AbilitySubjectType } from '../../shared/types'
import { getRbac, hasRbac, requireRbac } from './rbac'
import type { RefusalOptions } from './rbac'

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
export async function requireAbility(event: H3Event, action: AbilityAction, subject: AbilitySubject | null | undefined, fieldOrOptions?: string | AbilityCheckOptions): Promise<RbacContext> {
  const { field, notFound } = typeof fieldOrOptions === 'object' && fieldOrOptions !== null ? fieldOrOptions : { field: fieldOrOptions, notFound: false }
  return await requireRbac(event, { can: [action, trusted(event, subject), field] }, { notFound })
}

export interface AbilityCheckOptions extends RefusalOptions {
  /** The field the action is on (`update` the `title` of a post). */
  field?: string
}

/** Whether the caller may do it; false without a session or without a subject. */
export async function hasAbility(event: H3Event, action: AbilityAction, subject: AbilitySubject | null | undefined, field?: string): Promise<boolean> {
  return await hasRbac(event, { can: [action, trusted(event, subject), field] })
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
