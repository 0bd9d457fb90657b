import type { Policy } from './define-policy'

/**
 * Filled in by the declarations the module generates: `exports` is the type of the app's
 * `server/rbac-policies.ts` module (empty without one). Until then any name and arguments go.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RbacPolicyRegister {}

type PolicyExports = RbacPolicyRegister extends { exports: infer Exports } ? Exports : undefined

type Registered = PolicyExports extends undefined
  ? Policy<string, unknown[]>
  : { [Key in keyof PolicyExports]: PolicyExports[Key] extends Policy<string, never> ? PolicyExports[Key] : never }[keyof PolicyExports]

/** The name of a policy the app defined (a misspelt one is a type error). */
export type PolicyName = Registered extends Policy<infer Name, never> ? Name : never

/** The arguments the policy of that name takes after the event. */
export type PolicyArgs<Name extends PolicyName> = Extract<Registered, { readonly name: Name }> extends Policy<Name, infer Args> ? Args : never
