import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BaseSequencer } from 'vitest/node'
import type { TestSpecification } from 'vitest/node'
import { defineConfig } from 'vitest/config'

const root = fileURLToPath(new URL('.', import.meta.url))

// What the module's `#rbac` alias points at inside a Nuxt app, for unit tests of app files.
const alias = { '#rbac': fileURLToPath(new URL('./src/runtime/shared/public.ts', import.meta.url)) }

// Tests that build, pack, install or serve an app of their own (nothing test/build-fixtures.ts
// builds). They are projects of their own so that `--project` can pick them, but they run in the
// same group as the tests of the prebuilt apps: two test files at a time (one per core) from one
// queue, so that one file waits on a server or a browser while the other builds or installs.
const ownBuild = {
  e2e: ['nuxt3', 'old-nuxt', 'migration', 'readme-quick-start', 'build-errors'].map(name => `test/e2e/${name}.test.ts`),
  browser: ['devtools', 'docs', 'readme-example'].map(name => `test/browser/${name}.test.ts`),
}

/**
 * Seconds each slow file took on a quiet two-core machine. On a clean clone (no results of an
 * earlier run in node_modules/.vite/vitest) the queue starts with the longest files, so that no
 * long file starts last while the other core has nothing left to do.
 */
const expectedSeconds: Record<string, number> = {
  'test/e2e/nuxt3.test.ts': 95,
  'test/browser/playground-local.test.ts': 57,
  'test/browser/playground.test.ts': 56,
  'test/browser/devtools.test.ts': 42,
  'test/browser/docs.test.ts': 32,
  'test/browser/readme-example.test.ts': 29,
  'test/e2e/migration.test.ts': 25,
  'test/e2e/old-nuxt.test.ts': 20,
  'test/e2e/readme-quick-start.test.ts': 17,
  'test/e2e/freshness.test.ts': 15,
  'test/e2e/local-introspect.test.ts': 13,
  'test/e2e/audit.test.ts': 12,
  'test/e2e/local-source.test.ts': 8,
  'test/browser/template-roles.test.ts': 6,
  'test/browser/global-middleware.test.ts': 6,
}

/** Groups in their order; in a group, the files that took longest (last run, else the table above) first. */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const seconds = (spec: TestSpecification) => {
      const file = relative(root, spec.moduleId)
      const last = this.ctx.cache.getFileTestResults(`${spec.project.name}:${file}`)
      return last && !last.failed ? last.duration / 1000 : expectedSeconds[file] ?? 0
    }
    const order = (spec: TestSpecification) => spec.project.config.sequence.groupOrder
    return (await super.sort(files))
      .map((spec, index) => ({ spec, index, seconds: seconds(spec) }))
      .sort((a, b) => order(a.spec) - order(b.spec) || b.seconds - a.seconds || a.index - b.index)
      .map(({ spec }) => spec)
  }
}

/**
 * A project of end-to-end tests: each file starts servers, builds or installs, so two files run at
 * a time (two cores), taken in turn from the queue of every project of the same group.
 */
function e2eProject(name: string, include: string[], exclude: string[]) {
  return {
    resolve: { alias },
    test: {
      name,
      sequence: { groupOrder: 1 },
      include,
      exclude,
      // Builds the prebuilt apps (for the projects named without -own-build) and packs the module.
      globalSetup: ['test/build-fixtures.ts'],
      maxWorkers: 2,
      testTimeout: 30_000,
      hookTimeout: 120_000,
    },
  }
}

export default defineConfig({
  resolve: { alias },
  test: {
    sequence: { sequencer: LongestFirst },
    // Groups run one after another: the unit tests (two files at a time), then every end-to-end
    // and browser file, two at a time. `--project 'e2e*'` runs the e2e files, `--project
    // 'browser*'` the browser files.
    projects: [
      { resolve: { alias }, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], sequence: { groupOrder: 0 }, maxWorkers: 2 } },
      e2eProject('e2e', ['test/e2e/**/*.test.ts'], ownBuild.e2e),
      e2eProject('e2e-own-build', ownBuild.e2e, []),
      e2eProject('browser', ['test/browser/**/*.test.ts'], ownBuild.browser),
      e2eProject('browser-own-build', ownBuild.browser, []),
    ],
  },
})
