import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: {
    // What the module's `#rbac` alias points at inside a Nuxt app, for unit tests of app files.
    alias: { '#rbac': fileURLToPath(new URL('./src/runtime/shared/public.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Every e2e file builds its own Nuxt app: two cores cannot build several at once.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 300_000,
    benchmark: { include: ['bench/**/*.bench.ts'] },
  },
})
