// What apps import from '#rbac' in files shared by app and server.
export { defineAbilities } from './abilities/define-abilities'
export type { AbilityDefinition, AbilityInput, RbacAbility } from './abilities/define-abilities'
export { sameOriginPath } from './redirect'
