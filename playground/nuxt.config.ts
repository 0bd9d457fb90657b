export default defineNuxtConfig({
  modules: ['../src/module'],
  devtools: { enabled: false },
  compatibilityDate: '2025-07-15',

  rbac: {
    roles: ['admin', 'editor', 'viewer', 'billing'],
    inherits: { admin: ['editor'], editor: ['viewer'] },
    redirect: { signIn: '/login', forbidden: '/forbidden' },
  },

  auth: {
    provider: { type: 'authjs' },
    globalAppMiddleware: { isEnabled: false, addDefaultCallbackUrl: true },
  },

  runtimeConfig: {
    // Override with NUXT_AUTH_SECRET in production.
    authSecret: 'playground-secret-change-me',
  },

  routeRules: {
    '/api/admin/**': { rbac: { role: 'admin' } },
  },
})
