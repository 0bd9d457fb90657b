// The backend in server/api/backend/ signs its tokens with this secret and the module's server
// guards verify them with it. In production set both NUXT_BACKEND_JWT_SECRET and
// NUXT_RBAC_LOCAL_VERIFY_SECRET (the same value), or point rbac.local.verify at the backend's JWKS.
const demoSecret = 'playground-local-secret-change-me'
const issuer = 'playground-local-backend'
const audience = 'playground-local'

export default defineNuxtConfig({
  modules: ['../src/module'],
  devtools: { enabled: false },

  runtimeConfig: {
    // What the demo backend needs; a real backend is a separate service with its own settings.
    backend: {
      jwtSecret: demoSecret,
      issuer,
      audience,
      // Short on purpose, so the refresh is seen working. NUXT_BACKEND_ACCESS_TOKEN_SECONDS changes it.
      accessTokenSeconds: 180,
      refreshTokenSeconds: 7 * 24 * 60 * 60,
    },
  },

  routeRules: {
    '/api/admin/**': { rbac: { role: 'admin' } },
  },
  compatibilityDate: '2025-07-15',

  auth: {
    baseURL: '/api/backend',
    // The backend lives in this app: server-side session and refresh calls stay inside Nitro,
    // so the server needs no origin of its own (AUTH_ORIGIN) to reach it.
    disableInternalRouting: false,
    provider: {
      type: 'local',
      pages: { login: '/login' },
      endpoints: {
        signIn: { path: '/login', method: 'post' },
        signOut: { path: '/logout', method: 'post' },
        signUp: false,
        getSession: { path: '/session', method: 'get' },
      },
      token: {
        signInResponseTokenPointer: '/token',
        type: 'Bearer',
        cookieName: 'auth.token',
        headerName: 'Authorization',
        // The cookie outlives the access token: an expired token in it is what the refresh replaces.
        maxAgeInSeconds: 7 * 24 * 60 * 60,
        sameSiteAttribute: 'lax',
      },
      refresh: {
        isEnabled: true,
        endpoint: { path: '/refresh', method: 'post' },
        // The backend rotates refresh tokens: each refresh answers a new one, which must be kept.
        refreshOnlyToken: false,
        token: {
          signInResponseRefreshTokenPointer: '/refreshToken',
          refreshResponseTokenPointer: '/token',
          refreshRequestTokenPointer: '/refreshToken',
          cookieName: 'auth.refresh-token',
          maxAgeInSeconds: 7 * 24 * 60 * 60,
          sameSiteAttribute: 'lax',
        },
      },
      session: {
        dataType: { uid: 'string', name: 'string', role: 'string', roles: 'string[]' },
        dataResponsePointer: '/',
      },
    },
    globalAppMiddleware: { isEnabled: false, addDefaultCallbackUrl: true },
  },

  rbac: {
    roles: ['admin', 'editor', 'viewer', 'billing'],
    inherits: { admin: ['editor'], editor: ['viewer'] },
    // No redirect.signIn: signed-out visitors of a guarded page go to the provider's login page.
    redirect: { forbidden: '/forbidden' },
    local: {
      verify: { secret: demoSecret, algorithms: ['HS256'], issuer, audience },
      rolesClaim: 'roles',
      uidClaim: 'sub',
    },
    // Open on purpose: who you are, and the backend's own endpoints (sign-in, refresh, session).
    public: ['/api/me', '/api/backend/**'],
  },
})
