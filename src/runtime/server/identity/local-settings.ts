// Types only, imported by the build (rbac.local's options) as well as by the server: this file must
// not import runtime code, or nuxt.config's type program would reach Nitro-only modules.

/** How the local provider's JWTs are verified: `rbac.local.verify`, as the server keeps it. */
export interface LocalVerifySettings {
  /** A shared secret (HS256/384/512). */
  secret?: string
  /** The URL of the backend's JSON Web Key Set (RS*, PS*, ES*, EdDSA). */
  jwks?: string
  /** The algorithms a token may be signed with; nothing else is accepted, `none` never. */
  algorithms: string[]
  issuer?: string | string[]
  audience?: string | string[]
  /** Seconds of clock difference allowed for `exp`/`nbf`. */
  clockTolerance: number
  /** Milliseconds a key set fetch may take before the request answers 503. */
  timeout: number
}

/** How opaque tokens are looked up: `rbac.local.introspect`, as the server keeps it. */
export interface LocalIntrospectSettings {
  /** The backend's session endpoint (GET, the token as a header), or an RFC 7662 endpoint (POST `token=…`). */
  endpoint: string
  /** The endpoint speaks RFC 7662 token introspection. */
  rfc7662: boolean
  /** The client the module authenticates as to an RFC 7662 endpoint (HTTP Basic); '' for none. */
  clientId: string
  clientSecret: string
  /** Where the claims are in a session endpoint's answer: `/` for the whole body, or a JSON pointer. */
  dataResponsePointer: string
  /** Seconds an answer is kept (never past the token's `exp`). */
  maxAge: number
  /** Milliseconds the endpoint may take before the request answers 503. */
  timeout: number
}

/** The local source as the server keeps it (`runtimeConfig.rbac.local`, from `rbac.local` and nuxt-auth's token settings). */
export interface LocalSettings {
  /** JWTs, verified here. Exactly one of `verify` and `introspect` is set. */
  verify?: LocalVerifySettings
  /** Opaque tokens, looked up at the backend. */
  introspect?: LocalIntrospectSettings
  /** Where the roles are in the token: a dot path or a JSON pointer. */
  rolesClaim: string
  /** Where the user id is in the token. */
  uidClaim: string
  /** nuxt-auth's token cookie (`auth.provider.token.cookieName`). */
  cookieName: string
  /** The header the token travels in (`auth.provider.token.headerName`), lower case. */
  headerName: string
  /** Its scheme (`auth.provider.token.type`, `Bearer`); empty when the header holds the bare token. */
  headerType: string
}
