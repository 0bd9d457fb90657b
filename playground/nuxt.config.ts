export default defineNuxtConfig({
  modules: ['../src/module'],
  devtools: { enabled: false },

  runtimeConfig: {
    // Override with NUXT_AUTH_SECRET in production.
    authSecret: 'playground-secret-change-me',
  },

  routeRules: {
    '/api/admin/**': { rbac: { role: 'admin' } },
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
  },
})
