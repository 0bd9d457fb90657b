export default defineNuxtConfig({
  modules: ['../src/module'],
  devtools: { enabled: false },

  runtimeConfig: {
    // Override with NUXT_AUTH_SECRET in production.
    authSecret: 'playground-secret-change-me',
  },

  routeRules: {
    // The admin API takes sessions only: an API key, even an admin's, gets 401 here.
    '/api/admin/**': { rbac: { role: 'admin', via: ['session'] } },
  },
  compatibilityDate: '2025-07-15',

  auth: {
    provider: { type: 'authjs' },
    globalAppMiddleware: { isEnabled: false, addDefaultCallbackUrl: true },
  },

  rbac: {
    roles: ['admin', 'editor', 'viewer', 'billing'],
    inherits: { admin: ['editor'], editor: ['viewer'] },
    redirect: { signIn: '/login', forbidden: '/forbidden' },
    // With server/rbac-roles.ts: roles are never used longer than a minute without asking it again.
    freshness: { maxAge: 60 },
    // Open on purpose: who you are, and "may I?" answers. The route-access audit does not flag them.
    public: ['/api/me', '/api/posts/check'],
    // Admin → API keys: keys for scripts (curl -H "Authorization: Bearer playground_…" …/api/posts).
    apiKeys: { prefix: 'playground' },
  },
})
