import type { FreshnessStamp } from '../../shared/freshness/staleness'

/** Where a request's identity came from: next-auth's session (authjs), the app's own backend's JWT (local), or an API key. */
export type IdentitySourceName = 'authjs' | 'local' | 'api-key'

/** What carried the credential: the browser's cookie, or an `Authorization` header. */
export type CredentialCarrier = 'cookie' | 'header'

/**
 * What a source proves about the caller of one request, before fresh roles and the decision.
 * A source answers this, or null (no valid credential: 401), or throws RbacDependencyError when
 * it cannot tell (its key set or session endpoint is down: 503).
 */
export interface Identity {
  source: IdentitySourceName
  from: CredentialCarrier
  /** The user id the credential names. */
  uid: string | undefined
  /** The roles the credential carries, filtered to the configured list. */
  roles: string[]
  /** The verified claims (the decoded next-auth token, or the local JWT's payload). Server only. */
  claims: Record<string, unknown>
  /** `iat`, when the credential says when it was issued: revocations count against it. */
  issuedAt: number | undefined
  /** `exp`, when the credential says when it ends. */
  expiresAt: number | undefined
  /**
   * Nothing but the credential itself says whether it still stands (a verified JWT of the local
   * source, never looked up again): where sessions can be revoked, it must carry `iat` (see currentRoles).
   */
  selfContained?: boolean
  /** The module's own freshness stamp (authjs sessions only: the module writes their token). */
  stamp: FreshnessStamp | undefined
}
