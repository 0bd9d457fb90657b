import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Every e2e file builds its own Nuxt app: two cores cannot build several at once.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 300_000,
  },
})
