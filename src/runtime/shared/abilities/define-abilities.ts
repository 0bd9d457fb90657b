import type { MongoAbility, MongoQuery, RawRuleOf } from '@casl/ability'
import type { AbilityAction, AbilitySubjectType, Role } from '../types'
import { PREFIX } from '../names'

/** The ability the module hands out: CASL's Mongo-conditions ability, typed by the app's abilities file. */
export type RbacAbility = MongoAbility<[AbilityAction, AbilitySubjectType | Record<PropertyKey, unknown>]>

/** The same ability, untyped: what the core works with, whatever the app registered. */
export type AnyRbacAbility = MongoAbility<[string, string | Record<PropertyKey, unknown>]>

/** What an ability definition is given about the user. */
export interface AbilityInput {
  /** The user's effective roles: the assigned ones plus everything they inherit. */
  roles: readonly Role[]
  /** The first assigned role, for single-role apps; undefined without a role. */
  role: Role | undefined
  /** The signed-in user; `uid` comes from the token (`user.id` at sign-in). */
  user: { uid: string | undefined }
  /**
   * True for a visitor without a session (roles empty, no uid). The server asks the definition for
   * visitors only when it was made with `defineAbilities(…, { guests: true })`; otherwise they are
   * refused (401) before any rule is read.
   */
  guest: boolean
}

type Fields = string | string[]
type OneOrMany<T> = T | T[]

/** What `can` / `cannot` return: a way to say why, as CASL's builder has. */
export interface RuleReason {
  /**
   * Why the rule refuses (on `cannot`): the 403's `data.reason`. Shown in development only, unless
   * `{ expose: true }` marks it safe for anyone to read, in production too.
   * @example cannot('update', 'Post', { locked: true }).because('Locked posts cannot be edited', { expose: true })
   */
  because: (reason: string, options?: { expose?: boolean }) => void
}

/** `can` / `cannot` as in CASL's AbilityBuilder: (action, subject, fields?, conditions?). */
export interface RuleBuilder<Action extends string = string, Subject extends string = string> {
  can: (action: OneOrMany<Action | 'manage'>, subject: OneOrMany<Subject | 'all'>, fieldsOrConditions?: Fields | MongoQuery, conditions?: MongoQuery) => RuleReason
  cannot: (action: OneOrMany<Action | 'manage'>, subject: OneOrMany<Subject | 'all'>, fieldsOrConditions?: Fields | MongoQuery, conditions?: MongoQuery) => RuleReason
}

export type AbilityDefinitionFn<Action extends string = string, Subject extends string = string>
  = (input: AbilityInput, builder: RuleBuilder<Action, Subject>) => void

/**
 * A definition made with `defineAbilities`: the function, branded so a stray export is rejected.
 * Its type arguments are the app's actions and subject types, read by the generated types.
 */
export interface AbilityDefinition<Action extends string = string, Subject extends string = string> {
  readonly __rbacAbilities: true
  readonly define: AbilityDefinitionFn<Action, Subject>
  /** Whether the server grants visitors what the definition gives `guest: true`. */
  readonly guests: boolean
}

export interface AbilityDefinitionOptions {
  /**
   * Let the server grant visitors without a session the rules the definition gives them
   * (`guest: true`): `hasAbility`, `accessibleBy` and `requireAbility(…, { guests: true })`.
   * Off, a visitor is refused (401) before any rule is read, whatever the definition says.
   * @default false
   */
  guests?: boolean
}

/**
 * Declares the app's permissions once, for both the app and the server. Name the actions and
 * subject types as type arguments, and a misspelt one is a type error everywhere (`can()`,
 * `v-can`, `requireAbility`, `definePageMeta({ can })`).
 * @example
 * export default defineAbilities<'read' | 'update', 'Post'>(({ roles, user }, { can }) => {
 *   if (roles.includes('viewer')) can('read', 'Post')
 *   if (roles.includes('editor')) can('update', 'Post', { authorId: user.uid })
 * })
 * @example
 * // Visitors read published posts (on the server too, where it is asked with guests allowed).
 * export default defineAbilities(({ roles, guest }, { can }) => {
 *   if (guest || roles.includes('viewer')) can('read', 'Post', { published: true })
 * }, { guests: true })
 */
export function defineAbilities<Action extends string = string, Subject extends string = string>(
  define: AbilityDefinitionFn<Action, Subject>,
  options: AbilityDefinitionOptions = {},
): AbilityDefinition<Action, Subject> {
  if (typeof define !== 'function') {
    throw new TypeError(`${PREFIX} defineAbilities() takes a function: defineAbilities(({ roles, user }, { can, cannot }) => { … })`)
  }
  return Object.freeze({ __rbacAbilities: true as const, define, guests: options.guests === true })
}

export function isAbilityDefinition(value: unknown): value is AbilityDefinition {
  return typeof value === 'object' && value !== null && (value as AbilityDefinition).__rbacAbilities === true
    && typeof (value as AbilityDefinition).define === 'function'
}

/** A CASL raw rule, and whether its `reason` may reach clients in production (`because(…, { expose: true })`). */
export type RbacRawRule = RawRuleOf<AnyRbacAbility> & { exposeReason?: true }
