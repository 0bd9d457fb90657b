import type { MongoQuery, RawRuleOf, MongoAbility } from '@casl/ability'

/** The ability every part of the module hands out: CASL's Mongo-conditions ability. */
export type RbacAbility = MongoAbility

/** What an ability definition is given about the user. */
export interface AbilityInput {
  /** The user's effective roles: the assigned ones plus everything they inherit. */
  roles: readonly string[]
  /** The first assigned role, for single-role apps; undefined without a role. */
  role: string | undefined
  /** The signed-in user; `uid` comes from the token (`user.id` at sign-in). */
  user: { uid: string | undefined }
}

type Fields = string | string[]

/** `can` / `cannot` as in CASL's AbilityBuilder: (action, subject, fields?, conditions?). */
export interface RuleBuilder {
  can: (action: string | string[], subject: string | string[], fieldsOrConditions?: Fields | MongoQuery, conditions?: MongoQuery) => void
  cannot: (action: string | string[], subject: string | string[], fieldsOrConditions?: Fields | MongoQuery, conditions?: MongoQuery) => void
}

export type AbilityDefinitionFn = (input: AbilityInput, builder: RuleBuilder) => void

/** A definition made with `defineAbilities`: the function, branded so a stray export is rejected. */
export interface AbilityDefinition {
  readonly __rbacAbilities: true
  readonly define: AbilityDefinitionFn
}

/**
 * Declares the app's permissions once, for both the app and the server.
 * @example
 * export default defineAbilities(({ roles, user }, { can, cannot }) => {
 *   if (roles.includes('viewer')) can('read', 'Post')
 *   if (roles.includes('editor')) can('update', 'Post', { authorId: user.uid })
 *   if (roles.includes('admin')) can('manage', 'all')
 * })
 */
export function defineAbilities(define: AbilityDefinitionFn): AbilityDefinition {
  if (typeof define !== 'function') {
    throw new TypeError('[nuxt-auth-rbac] defineAbilities() takes a function: defineAbilities(({ roles, user }, { can, cannot }) => { … })')
  }
  return Object.freeze({ __rbacAbilities: true as const, define })
}

export function isAbilityDefinition(value: unknown): value is AbilityDefinition {
  return typeof value === 'object' && value !== null && (value as AbilityDefinition).__rbacAbilities === true
    && typeof (value as AbilityDefinition).define === 'function'
}

export type RbacRawRule = RawRuleOf<RbacAbility>
