import { defineBuildConfig } from 'unbuild'

// Added to @nuxt/module-builder's own entries: the test helpers, published as
// `nuxt-auth-rbac/test-utils`, and the `nuxt-auth-rbac audit` command (bin/nuxt-auth-rbac.mjs).
export default defineBuildConfig({
  entries: ['src/test-utils', 'src/cli'],
  externals: ['@nuxt/test-utils', '@nuxt/test-utils/e2e', 'jose', 'oxc-parser', 'jiti', '@casl/ability'],
})
