import { isRecord } from '../is-record'
import { normaliseRoles } from '../roles/known-roles'

/**
 * Reading a caller from the claims of a JWT the app's backend issued (the local provider). The
 * claim paths are configuration: a dot path (`roles`, `realm_access.roles`) or a JSON pointer
 * (`/realm_access/roles`, RFC 6901, for names with dots in them).
 */

/** The path's segments; a JSON pointer is unescaped (`~1` is `/`, `~0` is `~`). */
export function claimPath(path: string): string[] {
  if (path.startsWith('/')) {
    return path.slice(1).split('/').map(segment => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
  }
  return path.split('.')
}

/**
 * Whether a claim path names something: no empty segment, nothing on the prototype chain, and in
 * a JSON pointer no `~` but the escapes `~0` and `~1` (RFC 6901 makes any other an error; read
 * literally, a typo would name a claim no token has, and grant no roles without a word).
 */
export function isClaimPath(path: unknown): path is string {
  if (typeof path !== 'string' || path === '' || path === '/') {
    return false
  }
  if (path.startsWith('/') && /~(?![01])/.test(path)) {
    return false
  }
  return claimPath(path).every(segment => segment !== '' && segment !== '__proto__' && segment !== 'constructor' && segment !== 'prototype')
}

/** The value at the path, own properties only; undefined when any step is missing. */
export function readClaim(claims: unknown, segments: readonly string[]): unknown {
  let value: unknown = claims
  for (const segment of segments) {
    if (!isRecord(value) || !Object.hasOwn(value, segment)) {
      return undefined
    }
    value = value[segment]
  }
  return value
}

/**
 * The configured roles a claim grants. An array of strings (`roles`, Keycloak's
 * `realm_access.roles`) or one string, split on whitespace (an OAuth `scope` is space-separated;
 * a role never contains a space, so a single `role` reads the same). Anything else grants nothing.
 */
export function rolesFromClaim(claims: unknown, segments: readonly string[], knownRoles: ReadonlySet<string>): string[] {
  const value = readClaim(claims, segments)
  if (typeof value === 'string') {
    return normaliseRoles(value.split(/\s+/), knownRoles)
  }
  return normaliseRoles(value, knownRoles)
}

/** The user id at the path: a non-empty string, or a finite number as a string. */
export function uidFromClaim(claims: unknown, segments: readonly string[]): string | undefined {
  const value = readClaim(claims, segments)
  if (typeof value === 'string' && value !== '') {
    return value
  }
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined
}
