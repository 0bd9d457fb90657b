/**
 * Filled in by the declarations the module generates into `.nuxt/types/rbac-register.d.ts`:
 * `role` from `rbac.roles`; `action` and `subject` from the type arguments of the app's
 * `defineAbilities<Actions, Subjects>(…)`. Until then every name is a plain string.
 *
 * Two registers, not one: the abilities file's own type needs `Role` (its callback is given the
 * roles), and the actions are read from the abilities file's type. In one interface, resolving
 * `Role` would resolve `action` too, a circle that leaves an untyped abilities file's actions
 * unresolved instead of `string`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RbacRoleRegister {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RbacAbilityRegister {}

/**
 * Filled in for apps on the authjs provider with next-auth's `JWT` (the type of `getRbac().token`);
 * apps on the local provider, which need not install next-auth, get the plain claims.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RbacTokenRegister {}

/** Filled in (`enabled: true`) when the app turns `rbac.apiKeys` on. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RbacApiKeysRegister {}

/** Whether the app's callers may be API keys. */
export type RbacApiKeysEnabled = RbacApiKeysRegister extends { enabled: true } ? true : false

/** The decoded next-auth token (authjs apps); `undefined` at runtime for other sources. */
export type RbacSessionToken = RbacTokenRegister extends { token: infer Token } ? Token : Record<string, unknown> | undefined

type Registered<Register, Key extends string> = Register extends { [K in Key]: infer Value extends string } ? Value : string

/** A role from `rbac.roles`. */
export type Role = Registered<RbacRoleRegister, 'role'>
/** An action from the abilities file (plus CASL's `manage`). */
export type AbilityAction = Registered<RbacAbilityRegister, 'action'>
/** A subject type from the abilities file (plus CASL's `all`). */
export type AbilitySubjectType = Registered<RbacAbilityRegister, 'subject'>
/** What an ability check takes: a subject type, or a record (see CASL's `subject()`). */
export type AbilitySubject = AbilitySubjectType | object
/** `[action, subject, field?]`, as `v-can` and `definePageMeta({ can })` take it. */
export type AbilityCheck = readonly [action: AbilityAction, subject: AbilitySubject | null | undefined, field?: string]

/** How a caller proved who they are: a user's session (cookie or bearer token), or an API key. */
export type RbacVia = 'session' | 'api-key'

/**
 * What a page, a route rule or `requireRbac` asks for: any of the roles (all with `all: true`)
 * and/or an ability. `Subject` is a subject type in configuration; on the server it may be a record.
 */
export interface RbacRequirement<Subject = AbilitySubject | null | undefined> {
  role?: Role | readonly Role[]
  all?: boolean
  can?: readonly [action: AbilityAction, subject: Subject, field?: string]
  /**
   * The credentials accepted (route rules and server utils; pages are always sessions): a
   * caller identified otherwise answers 401. Any configured credential when absent.
   * @example { role: 'admin', via: ['session'] }
   */
  via?: readonly RbacVia[]
}
