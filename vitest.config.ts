import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// What the module's `#rbac` alias points at inside a Nuxt app, for unit tests of app files.
const alias = { '#rbac': fileURLToPath(new URL('./src/runtime/shared/public.ts', import.meta.url)) }

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      { resolve: { alias }, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], sequence: { groupOrder: 0 } } },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          // Projects run one after another: unit, then e2e, then browser.
          sequence: { groupOrder: 1 },
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/build-fixtures.ts'],
          // Each file starts a production server; two cores run them one after another.
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'browser',
          sequence: { groupOrder: 2 },
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/build-fixtures.ts'],
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
