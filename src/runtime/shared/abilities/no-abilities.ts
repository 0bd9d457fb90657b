import { defineAbilities } from './define-abilities'

/**
 * Used when the app has no abilities file: no rules, so every `can()` denies while role
 * checks keep working.
 */
export default defineAbilities(() => {})
