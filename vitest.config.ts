import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// What the module's `#rbac` alias points at inside a Nuxt app, for unit tests of app files.
const alias = { '#rbac': fileURLToPath(new URL('./src/runtime/shared/public.ts', import.meta.url)) }

// Tests that build, pack, install or serve an app of their own (nothing test/build-fixtures.ts
// builds). They run in a lane beside the tests of the prebuilt apps, so that both cores work: one
// lane waits on a server or a browser while the other builds or installs. (The audit test prepares
// and builds its own fixture too, but stays with the prebuilt apps' tests to even out the lanes.)
const ownBuild = {
  e2e: ['nuxt3', 'old-nuxt', 'migration', 'readme-quick-start', 'build-errors'].map(name => `test/e2e/${name}.test.ts`),
  browser: ['devtools', 'docs', 'readme-example'].map(name => `test/browser/${name}.test.ts`),
}

/** A project whose files run one after another (each starts servers; two cores). */
function lane(name: string, groupOrder: number, include: string[], exclude: string[], prebuilt: boolean) {
  return {
    resolve: { alias },
    test: {
      name,
      sequence: { groupOrder },
      include,
      exclude,
      ...(prebuilt ? { globalSetup: ['test/build-fixtures.ts'] } : {}),
      fileParallelism: false,
      testTimeout: 30_000,
      hookTimeout: 120_000,
    },
  }
}

export default defineConfig({
  resolve: { alias },
  test: {
    // Groups run one after another: unit, then e2e (two lanes at once), then browser (two lanes).
    // `--project 'e2e*'` runs both e2e lanes, `--project 'browser*'` both browser lanes.
    projects: [
      { resolve: { alias }, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], sequence: { groupOrder: 0 } } },
      lane('e2e', 1, ['test/e2e/**/*.test.ts'], ownBuild.e2e, true),
      lane('e2e-own-build', 1, ownBuild.e2e, [], false),
      lane('browser', 2, ['test/browser/**/*.test.ts'], ownBuild.browser, true),
      lane('browser-own-build', 2, ownBuild.browser, [], false),
    ],
  },
})
