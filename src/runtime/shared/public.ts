// What apps import from '#rbac' in files shared by app and server.
export { defineAbilities } from './abilities'
export type { AbilityDefinition, AbilityInput, RbacAbility } from './abilities'
export { sameOriginPath } from './redirect'
