/**
 * Filled in by the declarations the module generates into `.nuxt/types/nuxt-auth-rbac.d.ts`:
 * `role` from `rbac.roles`, `action` and `subject` from the type arguments of the app's
 * `defineAbilities<Actions, Subjects>(…)`. Until then every name is a plain string.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RbacRegister {}

type Registered<Key extends string> = RbacRegister extends { [K in Key]: infer Value extends string } ? Value : string

/** A role from `rbac.roles`. */
export type Role = Registered<'role'>
/** An action from the abilities file (plus CASL's `manage`). */
export type AbilityAction = Registered<'action'>
/** A subject type from the abilities file (plus CASL's `all`). */
export type AbilitySubjectType = Registered<'subject'>
/** What an ability check takes: a subject type, or a record (see CASL's `subject()`). */
export type AbilitySubject = AbilitySubjectType | object
/** `[action, subject, field?]`, as `v-can` and `definePageMeta({ can })` take it. */
export type AbilityCheck = readonly [action: AbilityAction, subject: AbilitySubject, field?: string]
