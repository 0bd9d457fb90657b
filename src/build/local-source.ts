import { PREFIX } from '../runtime/shared/names'
import { isClaimPath } from '../runtime/shared/identity/claims'
import type { LocalSettings } from '../runtime/server/identity/local-settings'

/** `rbac.local`, as written in nuxt.config: how the server verifies the backend's tokens. */
export interface LocalOptions {
  /**
   * How tokens are verified on the server. Either a shared `secret` (HS256/384/512; empty here and
   * set at runtime with `NUXT_RBAC_LOCAL_VERIFY_SECRET`) or the URL of the backend's `jwks` (RS*,
   * PS*, ES*, EdDSA: keys fetched once, cached, fetched again for an unknown `kid` at most every 30 s).
   * @example { secret: '', algorithms: ['HS256'], issuer: 'https://api.example.com', audience: 'web' }
   * @example { jwks: 'https://sso.example.com/realms/app/protocol/openid-connect/certs', algorithms: ['RS256'] }
   */
  verify?: {
    secret?: string
    jwks?: string
    /** The only algorithms accepted (`none` never is). */
    algorithms: string[]
    /** Required `iss` (one of). */
    issuer?: string | string[]
    /** Required `aud` (one of). */
    audience?: string | string[]
    /** Seconds of clock difference allowed for `exp`/`nbf`. @default 15 */
    clockTolerance?: number
    /** Milliseconds a key set fetch may take before a guarded request answers 503. @default 2000 */
    timeout?: number
  }
  /**
   * For a backend whose tokens are opaque (not JWTs): the server asks the backend about each token,
   * instead of `verify` (exactly one of the two). Either its session endpoint (GET, the token in
   * nuxt-auth's header, as getSession sends it; the claims are the JSON answer) or, with `rfc7662`,
   * an OAuth token introspection endpoint (POST `token=…`; `active: false` is no session). Answers
   * are kept on the `rbac` storage mount under the SHA-256 of the token, for `maxAge` at most and
   * never past the token's `exp`; a "no" for 5 s. The backend down, slow or failing answers 503.
   * @example { endpoint: 'https://api.example.com/auth/session' }
   * @example { endpoint: 'https://sso.example.com/oauth2/introspect', rfc7662: true, clientId: 'web', clientSecret: '' }
   */
  introspect?: {
    /** The endpoint's full http(s) URL (`NUXT_RBAC_LOCAL_INTROSPECT_ENDPOINT` at runtime). */
    endpoint: string
    /** The endpoint is an RFC 7662 token introspection endpoint. @default false */
    rfc7662?: boolean
    /** RFC 7662: the client the module authenticates as (HTTP Basic). @default '' (none) */
    clientId?: string
    /** RFC 7662: its secret. Leave it '' and set `NUXT_RBAC_LOCAL_INTROSPECT_CLIENT_SECRET`. @default '' */
    clientSecret?: string
    /** Session endpoint: where the claims are in its answer, as a JSON pointer. @default '/' (the whole body) */
    dataResponsePointer?: string
    /** Seconds an answer is kept, at most (a token revoked at the backend is refused after this). @default 60 */
    maxAge?: number
    /** Milliseconds the endpoint may take before a guarded request answers 503. @default 2000 */
    timeout?: number
  }
  /**
   * Where the roles are in the token: `roles`, `role`, `scope` (a space-separated string), a dot path
   * such as `realm_access.roles` (Keycloak), or a JSON pointer such as `/https:~1~1example.com~1roles`.
   * Only roles listed in `rbac.roles` count.
   * @default 'roles'
   */
  rolesClaim?: string
  /**
   * Where the user id is in the token (fresh roles, revocation and abilities key on it).
   * @default 'sub'
   */
  uidClaim?: string
}

const SECRET_ALGORITHMS = new Set(['HS256', 'HS384', 'HS512'])
const LOCAL_KEYS = ['verify', 'introspect', 'rolesClaim', 'uidClaim']
const INTROSPECT_KEYS = ['endpoint', 'rfc7662', 'clientId', 'clientSecret', 'dataResponsePointer', 'maxAge', 'timeout']
const VERIFY_KEYS = ['secret', 'jwks', 'algorithms', 'issuer', 'audience', 'clockTolerance', 'timeout']
const KEY_SET_ALGORITHMS = new Set(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'])

/** nuxt-auth's provider settings, as it leaves them in `runtimeConfig.public.auth.provider`. */
export interface AuthProvider {
  type?: string
  token?: { cookieName?: string, headerName?: string, type?: string }
}

/**
 * The server's settings for the local source, or undefined for an authjs app. Which source an app
 * uses follows from nuxt-auth's `provider.type`; options for the other one are a build error.
 */
export function localServerSettings(local: LocalOptions | undefined, provider: AuthProvider | undefined): LocalSettings | undefined {
  const type = provider?.type ?? 'authjs'
  if (type !== 'local') {
    if (local !== undefined) {
      throw new Error(`${PREFIX} rbac.local is for nuxt-auth's local provider, but auth.provider.type is '${type}'. Remove rbac.local, or set auth: { provider: { type: 'local', … } }.`)
    }
    return undefined
  }
  if (local === undefined) {
    throw new Error(`${PREFIX} auth.provider.type is 'local': the server must verify your backend's tokens. Add rbac: { local: { verify: { secret: '', algorithms: ['HS256'] } } } (the secret from NUXT_RBAC_LOCAL_VERIFY_SECRET) or { verify: { jwks: 'https://…/jwks.json', algorithms: ['RS256'] } }.`)
  }
  if (typeof local !== 'object' || local === null) {
    throw new Error(`${PREFIX} rbac.local must be an object: { verify: { … } or introspect: { … }, rolesClaim?, uidClaim? }.`)
  }
  refuseUnknownKeys(local, LOCAL_KEYS, 'rbac.local')
  if (local.verify !== undefined && local.introspect !== undefined) {
    throw new Error(`${PREFIX} rbac.local takes either verify (your backend's tokens are JWTs) or introspect (they are opaque: the backend is asked), not both. Remove one.`)
  }
  const source = local.introspect !== undefined ? { introspect: validatedIntrospect(local.introspect) } : { verify: validatedVerify(local.verify) }
  const rolesClaim = local.rolesClaim ?? 'roles'
  const uidClaim = local.uidClaim ?? 'sub'
  for (const [key, path] of [['rolesClaim', rolesClaim], ['uidClaim', uidClaim]] as const) {
    if (!isClaimPath(path)) {
      throw new Error(`${PREFIX} rbac.local.${key} ${JSON.stringify(path)} is not a claim path: a name ('roles'), a dot path ('realm_access.roles') or a JSON pointer ('/realm_access/roles').`)
    }
  }
  const token = provider?.token ?? {}
  return {
    ...source,
    rolesClaim,
    uidClaim,
    cookieName: token.cookieName ?? 'auth.token',
    headerName: (token.headerName ?? 'Authorization').toLowerCase(),
    headerType: token.type ?? 'Bearer',
  }
}

function validatedVerify(verify: LocalOptions['verify'] | undefined): LocalSettings['verify'] {
  const where = `${PREFIX} rbac.local.verify`
  if (typeof verify !== 'object' || verify === null) {
    throw new Error(`${where} is missing: give { secret, algorithms } or { jwks, algorithms } (or, for opaque tokens, rbac.local.introspect: { endpoint }).`)
  }
  refuseUnknownKeys(verify, VERIFY_KEYS, 'rbac.local.verify')
  const { secret, jwks, algorithms, issuer, audience } = verify
  if ((secret === undefined) === (jwks === undefined)) {
    throw new Error(`${where} takes either secret (HS*) or jwks (a key set URL), not ${secret === undefined ? 'neither' : 'both'}.`)
  }
  if (secret !== undefined && typeof secret !== 'string') {
    throw new Error(`${where}.secret must be a string ('' to set it at runtime with NUXT_RBAC_LOCAL_VERIFY_SECRET).`)
  }
  if (jwks !== undefined && (typeof jwks !== 'string' || !/^https?:\/\/[^/]/.test(jwks))) {
    throw new Error(`${where}.jwks must be an http(s) URL of the backend's JSON Web Key Set, got ${JSON.stringify(jwks)}.`)
  }
  const allowed = secret !== undefined ? SECRET_ALGORITHMS : KEY_SET_ALGORITHMS
  if (!Array.isArray(algorithms) || algorithms.length === 0 || !algorithms.every(algorithm => allowed.has(algorithm))) {
    // One key kind per verifier: an HS algorithm beside a key set is how RS/HS confusion starts.
    throw new Error(`${where}.algorithms must list the algorithms your backend signs with, from ${[...allowed].join(', ')} (with ${secret !== undefined ? 'a secret' : 'a key set'}), got ${JSON.stringify(algorithms)}.`)
  }
  for (const [key, value] of [['issuer', issuer], ['audience', audience]] as const) {
    const values = Array.isArray(value) ? value : [value]
    if (value !== undefined && (values.length === 0 || !values.every(entry => typeof entry === 'string' && entry !== ''))) {
      throw new Error(`${where}.${key} must be a non-empty string or a list of them.`)
    }
  }
  const clockTolerance = verify.clockTolerance ?? 15
  const timeout = verify.timeout ?? 2000
  if (!Number.isSafeInteger(clockTolerance) || clockTolerance < 0 || !Number.isSafeInteger(timeout) || timeout <= 0) {
    throw new Error(`${where}.clockTolerance (seconds, ≥ 0) and timeout (milliseconds, > 0) must be whole numbers.`)
  }
  return {
    // Always declared, so that NUXT_RBAC_LOCAL_VERIFY_SECRET reaches it at runtime.
    ...(jwks === undefined ? { secret } : { jwks }),
    algorithms: [...algorithms],
    issuer,
    audience,
    clockTolerance,
    timeout,
  }
}

function validatedIntrospect(introspect: NonNullable<LocalOptions['introspect']>): NonNullable<LocalSettings['introspect']> {
  const where = `${PREFIX} rbac.local.introspect`
  if (typeof introspect !== 'object' || introspect === null) {
    throw new Error(`${where} must be an object: { endpoint: 'https://api.example.com/auth/session' }, or { endpoint, rfc7662: true, clientId, clientSecret } for an OAuth introspection endpoint.`)
  }
  refuseUnknownKeys(introspect, INTROSPECT_KEYS, 'rbac.local.introspect')
  const { endpoint, rfc7662 = false, clientId = '', clientSecret = '', dataResponsePointer = '/', maxAge = 60, timeout = 2000 } = introspect
  // Not a path on this app: its URL would come from the request's Host header, which the caller writes.
  if (typeof endpoint !== 'string' || !/^https?:\/\/[^/]/.test(endpoint)) {
    throw new Error(`${where}.endpoint must be the full http(s) URL of your backend's session endpoint (or RFC 7662 introspection endpoint), such as 'https://api.example.com/auth/session', got ${JSON.stringify(endpoint)}. A path on this app is not accepted: set the full URL, at runtime with NUXT_RBAC_LOCAL_INTROSPECT_ENDPOINT if it differs per deployment.`)
  }
  if (typeof rfc7662 !== 'boolean') {
    throw new TypeError(`${where}.rfc7662 must be true or false.`)
  }
  if (!rfc7662 && (introspect.clientId !== undefined || introspect.clientSecret !== undefined)) {
    throw new Error(`${where}.clientId and clientSecret are for an RFC 7662 endpoint: add rfc7662: true, or remove them (a session endpoint is sent the user's token, nothing else).`)
  }
  if (typeof clientId !== 'string' || typeof clientSecret !== 'string') {
    throw new TypeError(`${where}.clientId and clientSecret must be strings (clientSecret '' to set it at runtime with NUXT_RBAC_LOCAL_INTROSPECT_CLIENT_SECRET).`)
  }
  if (rfc7662 && introspect.dataResponsePointer !== undefined) {
    throw new Error(`${where}.dataResponsePointer is for a session endpoint: an RFC 7662 answer has its claims at the top. Remove it, or rfc7662.`)
  }
  if (dataResponsePointer !== '/' && !(typeof dataResponsePointer === 'string' && dataResponsePointer.startsWith('/') && isClaimPath(dataResponsePointer))) {
    throw new Error(`${where}.dataResponsePointer must be a JSON pointer to the user in the answer, such as '/user' ('/' for the whole answer), got ${JSON.stringify(dataResponsePointer)}.`)
  }
  if (!Number.isSafeInteger(maxAge) || maxAge <= 0 || !Number.isSafeInteger(timeout) || timeout <= 0) {
    throw new Error(`${where}.maxAge (seconds, > 0) and timeout (milliseconds, > 0) must be whole numbers.`)
  }
  // Every field declared, so that NUXT_RBAC_LOCAL_INTROSPECT_* reaches each at runtime.
  return { endpoint, rfc7662, clientId, clientSecret, dataResponsePointer, maxAge, timeout }
}

/**
 * A misspelt key is a check that silently does not happen: `iss` for `issuer` would accept tokens
 * from any issuer. Every key must be one the server reads.
 */
function refuseUnknownKeys(value: object, known: readonly string[], where: string): void {
  const unknown = Object.keys(value).filter(key => !known.includes(key))
  if (unknown.length > 0) {
    throw new Error(`${PREFIX} ${where} has ${unknown.map(key => JSON.stringify(key)).join(', ')}, which it does not know: it takes ${known.join(', ')}.`)
  }
}
