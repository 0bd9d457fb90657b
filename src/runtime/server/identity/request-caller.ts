import type { RbacAbility } from '../../shared/abilities/define-abilities'
import { abilityFor } from '../ability'
import type { CallerFields } from './caller'

/** What a caller is made of, but its ability: the fields every caller has, and which source it came by. */
export interface CallerParts extends Omit<CallerFields, 'ability'> {
  via: 'session' | 'api-key'
  source: 'authjs' | 'local' | 'api-key'
  token: Record<string, unknown> | undefined
  apiKey: { id: string, name: string } | undefined
}

// Where the ability is kept once built: a symbol, so that it stays out of JSON and Object.keys.
const BUILT = Symbol('nuxt-auth-rbac ability')

/**
 * The caller of one request. A class, not an object literal with an `ability` getter: such a
 * literal cost ~25 µs a request on the bench (as much as the rest of a guarded request), most of
 * it in the garbage collector; a getter on the prototype costs nothing. Fields are `declare`d and
 * set in the constructor, and the ability kept under a symbol rather than in a `#private` field:
 * the server build lowers class fields to a defineProperty each and private ones to a WeakMap
 * entry per instance. The CASL ability is built on first read, so a request that only checks
 * roles never builds one.
 */
export class RequestCaller implements CallerParts {
  declare readonly via: CallerParts['via']
  declare readonly source: CallerParts['source']
  declare readonly token: CallerParts['token']
  declare readonly apiKey: CallerParts['apiKey']
  declare readonly from: CallerParts['from']
  declare readonly claims: CallerParts['claims']
  declare readonly uid: CallerParts['uid']
  declare readonly roles: CallerParts['roles']
  declare readonly effectiveRoles: CallerParts['effectiveRoles']
  declare [BUILT]: RbacAbility | undefined

  constructor(parts: CallerParts) {
    this.via = parts.via
    this.source = parts.source
    this.token = parts.token
    this.apiKey = parts.apiKey
    this.from = parts.from
    this.claims = parts.claims
    this.uid = parts.uid
    this.roles = parts.roles
    this.effectiveRoles = parts.effectiveRoles
    this[BUILT] = undefined
  }

  get ability(): RbacAbility {
    return this[BUILT] ??= abilityFor(this.effectiveRoles, this.uid)
  }
}
