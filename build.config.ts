import { defineBuildConfig } from 'unbuild'

// Added to @nuxt/module-builder's own entries: the test helpers, published as `nuxt-auth-rbac/test-utils`.
export default defineBuildConfig({
  entries: ['src/test-utils'],
  externals: ['@nuxt/test-utils', '@nuxt/test-utils/e2e', 'jose'],
})
