import { describe, expect, it } from 'vitest'
import { localServerSettings } from '../../../src/build/local-source'
import type { AuthProvider, LocalOptions } from '../../../src/build/local-source'

const localProvider: AuthProvider = { type: 'local' }
const withSecret: LocalOptions = { verify: { secret: '', algorithms: ['HS256'] } }
const withKeySet: LocalOptions = { verify: { jwks: 'https://sso.example.com/realms/app/protocol/openid-connect/certs', algorithms: ['RS256'] } }

/** Settles the options for a local app, as nuxt.config would give them (anything, typed or not). */
const settle = (local: unknown, provider: AuthProvider | undefined = localProvider) => () => localServerSettings(local as LocalOptions, provider)
const verifyWith = (verify: unknown) => settle({ verify })

describe('which source: nuxt-auth\'s provider decides, and a mismatch is a build error', () => {
  it('an authjs app (named or by default) has no local settings, and refuses rbac.local', () => {
    expect(localServerSettings(undefined, { type: 'authjs' })).toBeUndefined()
    expect(localServerSettings(undefined, undefined)).toBeUndefined()
    expect(settle(withSecret, { type: 'authjs' })).toThrow('[nuxt-auth-rbac] rbac.local is for nuxt-auth\'s local provider, but auth.provider.type is \'authjs\'. Remove rbac.local, or set auth: { provider: { type: \'local\', … } }.')
    expect(() => localServerSettings(withSecret, undefined)).toThrow(/auth\.provider\.type is 'authjs'/)
  })

  it('a local app without rbac.local: the server must verify, and the two ways to say how', () => {
    expect(settle(undefined)).toThrow('[nuxt-auth-rbac] auth.provider.type is \'local\': the server must verify your backend\'s tokens. Add rbac: { local: { verify: { secret: \'\', algorithms: [\'HS256\'] } } } (the secret from NUXT_RBAC_LOCAL_VERIFY_SECRET) or { verify: { jwks: \'https://…/jwks.json\', algorithms: [\'RS256\'] } }.')
  })

  it('rbac.local that is not an object', () => {
    for (const local of [null, true, 'secret']) {
      expect(settle(local), String(local)).toThrow(/\[nuxt-auth-rbac\] rbac\.local must be an object/)
    }
  })
})

describe('the settings a local app runs with', () => {
  it('defaults: roles from `roles`, uid from `sub`, nuxt-auth\'s cookie and header, 15 s tolerance, 2 s timeout', () => {
    expect(localServerSettings(withSecret, localProvider)).toEqual({
      verify: { secret: '', algorithms: ['HS256'], issuer: undefined, audience: undefined, clockTolerance: 15, timeout: 2000 },
      rolesClaim: 'roles',
      uidClaim: 'sub',
      cookieName: 'auth.token',
      headerName: 'authorization',
      headerType: 'Bearer',
    })
  })

  it('a key set, claims and nuxt-auth\'s own token settings, as given', () => {
    const settings = localServerSettings({ ...withKeySet, rolesClaim: 'realm_access.roles', uidClaim: '/https:~1~1example.com~1uid' }, { type: 'local', token: { cookieName: 'app.jwt', headerName: 'X-Token', type: '' } })
    expect(settings).toMatchObject({ rolesClaim: 'realm_access.roles', uidClaim: '/https:~1~1example.com~1uid', cookieName: 'app.jwt', headerName: 'x-token', headerType: '' })
    // Only the key source given is declared: the other could not be set at runtime by mistake.
    expect(Object.keys(settings!.verify!)).not.toContain('secret')
    expect(settings!.verify!.jwks).toBe(withKeySet.verify!.jwks)
  })

  it('copies what it keeps: changing the options afterwards changes nothing', () => {
    const options: LocalOptions = { verify: { secret: 's', algorithms: ['HS256', 'HS512'] } }
    const settings = localServerSettings(options, localProvider)!
    options.verify!.algorithms.push('HS384')
    expect(settings.verify!.algorithms).toEqual(['HS256', 'HS512'])
  })
})

describe('rbac.local.verify: every mistake is a build error naming the option', () => {
  it('missing, or not an object', () => {
    expect(settle({})).toThrow('[nuxt-auth-rbac] rbac.local.verify is missing: give { secret, algorithms } or { jwks, algorithms } (or, for opaque tokens, rbac.local.introspect: { endpoint }).')
    expect(verifyWith('secret')).toThrow(/rbac\.local\.verify is missing/)
    expect(verifyWith(null)).toThrow(/rbac\.local\.verify is missing/)
  })

  it('a secret or a key set: not both, not neither', () => {
    expect(verifyWith({ algorithms: ['HS256'] })).toThrow('[nuxt-auth-rbac] rbac.local.verify takes either secret (HS*) or jwks (a key set URL), not neither.')
    expect(verifyWith({ secret: 's', jwks: 'https://a.example/jwks', algorithms: ['HS256'] })).toThrow(/not both\./)
  })

  it('a secret that is not a string', () => {
    expect(verifyWith({ secret: 42, algorithms: ['HS256'] })).toThrow('[nuxt-auth-rbac] rbac.local.verify.secret must be a string (\'\' to set it at runtime with NUXT_RBAC_LOCAL_VERIFY_SECRET).')
  })

  it('a key set that is not an http(s) URL', () => {
    for (const jwks of ['sso.example.com/certs', 'file:///etc/keys.json', 'https://', 'https:///path', 42]) {
      expect(verifyWith({ jwks, algorithms: ['RS256'] }), String(jwks)).toThrow(`[nuxt-auth-rbac] rbac.local.verify.jwks must be an http(s) URL of the backend's JSON Web Key Set, got ${JSON.stringify(jwks)}.`)
    }
  })

  it('algorithms: listed, known, never none, and of the key\'s kind', () => {
    expect(verifyWith({ secret: 's' })).toThrow('[nuxt-auth-rbac] rbac.local.verify.algorithms must list the algorithms your backend signs with, from HS256, HS384, HS512 (with a secret), got undefined.')
    expect(verifyWith({ secret: 's', algorithms: [] })).toThrow(/got \[\]\./)
    expect(verifyWith({ secret: 's', algorithms: 'HS256' })).toThrow(/got "HS256"\./)
    expect(verifyWith({ secret: 's', algorithms: ['none'] })).toThrow(/got \["none"\]/)
    expect(verifyWith({ secret: 's', algorithms: ['hs256'] })).toThrow(/got \["hs256"\]/)
    // A secret beside an RSA algorithm, or an HS algorithm beside a key set: how RS/HS confusion starts.
    expect(verifyWith({ secret: 's', algorithms: ['HS256', 'RS256'] })).toThrow(/from HS256, HS384, HS512 \(with a secret\), got \["HS256","RS256"\]/)
    expect(verifyWith({ jwks: 'https://a.example/jwks', algorithms: ['RS256', 'HS256'] })).toThrow('[nuxt-auth-rbac] rbac.local.verify.algorithms must list the algorithms your backend signs with, from RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA (with a key set), got ["RS256","HS256"].')
    expect(verifyWith({ jwks: 'https://a.example/jwks', algorithms: ['none'] })).toThrow(/with a key set\), got \["none"\]/)
  })

  it('every algorithm of its kind is accepted', () => {
    expect(verifyWith({ secret: 's', algorithms: ['HS256', 'HS384', 'HS512'] })).not.toThrow()
    expect(verifyWith({ jwks: 'http://127.0.0.1:8080/certs', algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] })).not.toThrow()
  })

  it('issuer and audience: non-empty strings, or lists of them', () => {
    for (const key of ['issuer', 'audience']) {
      for (const value of ['', [], [''], ['a', 3], 7, null]) {
        expect(verifyWith({ ...withSecret.verify, [key]: value }), `${key} ${JSON.stringify(value)}`).toThrow(`[nuxt-auth-rbac] rbac.local.verify.${key} must be a non-empty string or a list of them.`)
      }
      expect(verifyWith({ ...withSecret.verify, [key]: ['a', 'b'] })).not.toThrow()
    }
  })

  it('clockTolerance and timeout: whole numbers in range', () => {
    const message = '[nuxt-auth-rbac] rbac.local.verify.clockTolerance (seconds, ≥ 0) and timeout (milliseconds, > 0) must be whole numbers.'
    for (const [key, value] of [['clockTolerance', -1], ['clockTolerance', 1.5], ['clockTolerance', '15'], ['timeout', 0], ['timeout', Number.POSITIVE_INFINITY]] as const) {
      expect(verifyWith({ ...withSecret.verify, [key]: value }), `${key} ${value}`).toThrow(message)
    }
    expect(verifyWith({ ...withSecret.verify, clockTolerance: 0, timeout: 1 })).not.toThrow()
  })

  it('a misspelt key: the check it meant would silently not happen', () => {
    expect(verifyWith({ ...withSecret.verify, iss: 'https://api.example.com' })).toThrow('[nuxt-auth-rbac] rbac.local.verify has "iss", which it does not know: it takes secret, jwks, algorithms, issuer, audience, clockTolerance, timeout.')
    expect(verifyWith({ secret: 's', algorithm: ['HS256'], algorithms: ['HS256'], aud: 'web' })).toThrow(/has "algorithm", "aud", which it does not know/)
    expect(settle({ ...withSecret, rolesclaim: 'realm_access.roles' })).toThrow('[nuxt-auth-rbac] rbac.local has "rolesclaim", which it does not know: it takes verify, introspect, rolesClaim, uidClaim.')
  })
})

describe('rolesClaim and uidClaim: a claim path', () => {
  it.each(['rolesClaim', 'uidClaim'])('%s: a name, a dot path or a pointer; never empty, prototype keys or a broken pointer', (key) => {
    for (const path of ['roles', 'realm_access.roles', '/realm_access/roles', '/https:~1~1example.com~1roles']) {
      expect(settle({ ...withSecret, [key]: path }), path).not.toThrow()
    }
    for (const path of ['', '/', 'a..b', 'realm_access.', '__proto__', 'a.constructor', '/prototype', '/a~2', 7]) {
      expect(settle({ ...withSecret, [key]: path }), JSON.stringify(path)).toThrow(`[nuxt-auth-rbac] rbac.local.${key} ${JSON.stringify(path)} is not a claim path: a name ('roles'), a dot path ('realm_access.roles') or a JSON pointer ('/realm_access/roles').`)
    }
  })
})

describe('rbac.local.introspect: opaque tokens, asked of the backend', () => {
  const introspectWith = (introspect: unknown) => settle({ introspect })
  const sessionEndpoint = 'https://api.example.com/auth/session'

  it('defaults: the session endpoint, its whole answer, 60 s, 2 s; every field declared for the environment', () => {
    expect(localServerSettings({ introspect: { endpoint: sessionEndpoint } }, localProvider)).toEqual({
      introspect: { endpoint: sessionEndpoint, rfc7662: false, clientId: '', clientSecret: '', dataResponsePointer: '/', maxAge: 60, timeout: 2000 },
      rolesClaim: 'roles',
      uidClaim: 'sub',
      cookieName: 'auth.token',
      headerName: 'authorization',
      headerType: 'Bearer',
    })
  })

  it('an RFC 7662 endpoint with its client, and a session endpoint with a pointer, as given', () => {
    const rfc = localServerSettings({ introspect: { endpoint: 'http://sso:8080/introspect', rfc7662: true, clientId: 'web', clientSecret: '', maxAge: 5, timeout: 300 } }, localProvider)!
    expect(rfc.introspect).toEqual({ endpoint: 'http://sso:8080/introspect', rfc7662: true, clientId: 'web', clientSecret: '', dataResponsePointer: '/', maxAge: 5, timeout: 300 })
    expect(rfc.verify).toBeUndefined()
    expect(localServerSettings({ introspect: { endpoint: sessionEndpoint, dataResponsePointer: '/data/user' } }, localProvider)!.introspect!.dataResponsePointer).toBe('/data/user')
  })

  it('exactly one of verify and introspect', () => {
    expect(settle({ ...withSecret, introspect: { endpoint: sessionEndpoint } })).toThrow('[nuxt-auth-rbac] rbac.local takes either verify (your backend\'s tokens are JWTs) or introspect (they are opaque: the backend is asked), not both. Remove one.')
    expect(settle({})).toThrow(/rbac\.local\.introspect: \{ endpoint \}/)
  })

  it('not an object', () => {
    for (const introspect of [null, 'https://api.example.com/session', true]) {
      expect(introspectWith(introspect), String(introspect)).toThrow(/\[nuxt-auth-rbac\] rbac\.local\.introspect must be an object/)
    }
  })

  it('the endpoint: a full http(s) URL, never a path on this app', () => {
    for (const endpoint of ['/api/session', 'api.example.com/session', 'https://', 'ftp://api.example.com', '', 7, undefined]) {
      expect(introspectWith({ endpoint }), String(endpoint)).toThrow(`[nuxt-auth-rbac] rbac.local.introspect.endpoint must be the full http(s) URL of your backend's session endpoint (or RFC 7662 introspection endpoint), such as 'https://api.example.com/auth/session', got ${JSON.stringify(endpoint)}.`)
    }
  })

  it('client credentials: only for RFC 7662, and strings', () => {
    expect(introspectWith({ endpoint: sessionEndpoint, clientId: 'web' })).toThrow('[nuxt-auth-rbac] rbac.local.introspect.clientId and clientSecret are for an RFC 7662 endpoint: add rfc7662: true, or remove them (a session endpoint is sent the user\'s token, nothing else).')
    expect(introspectWith({ endpoint: sessionEndpoint, clientSecret: '' })).toThrow(/are for an RFC 7662 endpoint/)
    expect(introspectWith({ endpoint: sessionEndpoint, rfc7662: true, clientSecret: 42 })).toThrow(/clientId and clientSecret must be strings/)
    expect(introspectWith({ endpoint: sessionEndpoint, rfc7662: 'yes' })).toThrow('[nuxt-auth-rbac] rbac.local.introspect.rfc7662 must be true or false.')
  })

  it('dataResponsePointer: a JSON pointer, for a session endpoint only', () => {
    for (const pointer of ['user', '', '//a', '/a~2', '/__proto__', 3]) {
      expect(introspectWith({ endpoint: sessionEndpoint, dataResponsePointer: pointer }), JSON.stringify(pointer)).toThrow(`[nuxt-auth-rbac] rbac.local.introspect.dataResponsePointer must be a JSON pointer to the user in the answer, such as '/user' ('/' for the whole answer), got ${JSON.stringify(pointer)}.`)
    }
    expect(introspectWith({ endpoint: sessionEndpoint, rfc7662: true, dataResponsePointer: '/user' })).toThrow(/dataResponsePointer is for a session endpoint/)
  })

  it('maxAge and timeout: whole numbers above 0', () => {
    for (const [key, value] of [['maxAge', 0], ['maxAge', 1.5], ['maxAge', '60'], ['timeout', -1], ['timeout', Number.NaN]] as const) {
      expect(introspectWith({ endpoint: sessionEndpoint, [key]: value }), `${key} ${value}`).toThrow('[nuxt-auth-rbac] rbac.local.introspect.maxAge (seconds, > 0) and timeout (milliseconds, > 0) must be whole numbers.')
    }
  })

  it('a misspelt key', () => {
    expect(introspectWith({ endpoint: sessionEndpoint, maxage: 5 })).toThrow('[nuxt-auth-rbac] rbac.local.introspect has "maxage", which it does not know: it takes endpoint, rfc7662, clientId, clientSecret, dataResponsePointer, maxAge, timeout.')
  })
})
