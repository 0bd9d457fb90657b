import { defineConfig } from 'vitepress'

// The site's pages are the module's whole documentation; the README is a short introduction that
// links here. `npm run docs:build` writes docs/api/ from the source's JSDoc first
// (scripts/docs-api.mjs); a link to a page that does not exist fails the build.
const guide = [
  {
    text: 'Introduction',
    items: [
      { text: 'Getting started', link: '/guide/getting-started' },
      { text: 'Try the playground', link: '/guide/playground' },
      { text: 'Coming from nuxt-auth', link: '/guide/migration' },
    ],
  },
  {
    text: 'Configure',
    items: [
      { text: 'Module options', link: '/guide/module-options' },
      { text: 'With the local provider', link: '/guide/local-provider' },
      { text: 'API clients: bearer and API keys', link: '/guide/api-clients' },
      { text: 'Callbacks', link: '/guide/callbacks' },
      { text: 'Types', link: '/guide/types' },
    ],
  },
  {
    text: 'Guard',
    items: [
      { text: 'Server utils', link: '/guide/server-utils' },
      { text: 'Abilities', link: '/guide/abilities' },
      { text: 'Policies', link: '/guide/policies' },
      { text: '404 or 403, and reasons', link: '/guide/refusals' },
      { text: 'Filtering lists', link: '/guide/list-filtering' },
      { text: 'Pages and templates', link: '/guide/pages-and-templates' },
      { text: 'routeRules', link: '/guide/route-rules' },
    ],
  },
  {
    text: 'Inspect and test',
    items: [
      { text: 'Route-access audit', link: '/guide/route-access-audit' },
      { text: 'DevTools tab', link: '/guide/devtools' },
      { text: 'Testing', link: '/guide/testing' },
    ],
  },
  {
    text: 'Run in production',
    items: [
      { text: 'Fresh roles and revocation', link: '/guide/fresh-roles' },
      { text: 'Decision log', link: '/guide/decision-log' },
      { text: 'Security model', link: '/guide/security' },
      { text: 'Performance', link: '/guide/performance' },
    ],
  },
  {
    text: 'Recipes',
    items: [
      { text: 'Roles from an OAuth profile', link: '/guide/recipes/oauth-profile' },
      { text: 'Roles from your database', link: '/guide/recipes/database-roles' },
      { text: 'Many tenants, one role set', link: '/guide/recipes/tenants' },
    ],
  },
  {
    text: 'Project',
    items: [
      { text: 'Development', link: '/guide/development' },
    ],
  },
]

const api = [
  {
    text: 'API reference',
    items: [
      { text: 'Overview', link: '/api/' },
      { text: 'Server utils (#rbac-server)', link: '/api/server' },
      { text: 'Shared (#rbac)', link: '/api/shared' },
      { text: 'useRbac()', link: '/api/use-rbac' },
      { text: 'Module options', link: '/api/module-options' },
      { text: 'Test utils', link: '/api/test-utils' },
    ],
  },
]

export default defineConfig({
  title: 'nuxt-auth-rbac',
  description: 'Role-based access control for Nuxt on top of @sidebase/nuxt-auth: roles in the session, page and API guards, CASL abilities.',
  lang: 'en',
  lastUpdated: false,
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }]],
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/getting-started', activeMatch: '/guide/' },
      { text: 'API', link: '/api/', activeMatch: '/api/' },
    ],
    sidebar: { '/guide/': guide, '/api/': api },
    outline: { level: [2, 3] },
    search: { provider: 'local' },
  },
})
